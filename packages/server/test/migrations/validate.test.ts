// `npm run migrate -- validate`: squawk plus our own rules over fixtures of
// unsafe and safe migrations (test/fixtures/migrations), and the real ones.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { MigrationError } from "../../src/data-access/migrations/migration-error.js";
import { validateMigrationFolder } from "../../src/data-access/migrations/migration-runner.js";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "../..");
const fixtures = join(packageDir, "test/fixtures/migrations");
const squawkConfig = join(packageDir, "squawk.toml");

/** A folder with the base migration and one fixture after it, as a project would have them. */
function folderWith(fixture: string): { dir: string; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), "intro-page-lint-"));
  writeFileSync(join(dir, "0001_base.up.sql"), readFileSync(join(fixtures, "base.sql")));
  writeFileSync(join(dir, "0001_base.down.sql"), "DROP TABLE IF EXISTS items, owners;\n");
  writeFileSync(join(dir, "0002_fixture.up.sql"), readFileSync(fixture));
  writeFileSync(join(dir, "0002_fixture.down.sql"), "SELECT 1;\n");
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

const unsafe = readdirSync(join(fixtures, "unsafe")).sort();
const safe = readdirSync(join(fixtures, "safe")).sort();

describe("validate", { timeout: 60_000 }, () => {
  it.each(unsafe)("when the unsafe fixture %s is linted, then validation fails on the rule it names", (file) => {
    const path = join(fixtures, "unsafe", file);
    const expected = /^-- expect: (\S+)/.exec(readFileSync(path, "utf8"))![1]!;
    const folder = folderWith(path);
    try {
      const report = validateMigrationFolder(folder.dir, { squawkConfig });
      expect(report.failures.filter((f) => f.migration === "0002_fixture").map((f) => f.rule)).toContain(expected);
      expect(report.failures.filter((f) => f.migration === "0001_base")).toEqual([]);
    } finally {
      folder.dispose();
    }
  });

  it.each(safe)("when the safe fixture %s is linted, then it passes", (file) => {
    const folder = folderWith(join(fixtures, "safe", file));
    try {
      const report = validateMigrationFolder(folder.dir, { squawkConfig });
      expect(report.failures).toEqual([]);
    } finally {
      folder.dispose();
    }
  });

  it("when an override gives no reason, then the migration is refused before any rule runs", () => {
    const folder = folderWith(join(fixtures, "unsafe", "index_not_concurrent.sql"));
    try {
      writeFileSync(join(folder.dir, "0002_fixture.up.sql"), `-- migrate:allow index-not-concurrent\n${readFileSync(join(folder.dir, "0002_fixture.up.sql"), "utf8")}`);
      expect(() => validateMigrationFolder(folder.dir, { squawkConfig })).toThrow(MigrationError);
      expect(() => validateMigrationFolder(folder.dir, { squawkConfig })).toThrow(/0002_fixture\.up\.sql line 1: "-- migrate:allow <rule> <reason>" needs a reason/);
    } finally {
      folder.dispose();
    }
  });

  it("when the repository's migrations are linted through the CLI, then they pass and the contract's drop is allowed as the contract step", { timeout: 180_000 }, () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli/migrate.ts", "validate"], { cwd: packageDir, encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("0011_actors_contract.up.sql");
    expect(result.stdout).toContain("(allowed: the contract step of 0010_actors_expand)");
    expect(result.stdout).toMatch(/validate: \d+ migrations, 0 problems/);
  });
});
