// `npm run migrate` as an operator meets it: bad input gives one line on
// stderr and a non-zero exit and changes nothing; a restore is audited.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAudit } from "../../src/data-access/migrations/ledger.js";
import { createMigrator } from "../../src/data-access/migrations/migration-runner.js";
import { seedUsers } from "../../src/seed/seed-users.js";
import { createMigrationTestDatabase, fingerprint, migrationsFolder, onSession, TEST_DATABASE_URL, type MigrationTestDatabase } from "../support/migrations.js";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "../..");

/** Runs the migrate CLI under tsx; resolves with its exit code and output. */
function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/migrate.ts", ...args], { cwd: packageDir, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stdout, stderr })));
}

describe.skipIf(!TEST_DATABASE_URL)("migrate CLI (PostgreSQL)", { timeout: 300_000 }, () => {
  let db: MigrationTestDatabase;
  const folder = migrationsFolder();
  beforeAll(async () => {
    db = await createMigrationTestDatabase("migcli");
    await createMigrator(db.database.sequelize).up({ to: "0010_actors_expand" });
    await seedUsers(db.database.sequelize, { users: 10, activityPerUser: 5 });
  }, 120_000);
  afterAll(async () => {
    folder.dispose();
    await db?.drop();
  });

  it("when the input is bad, then each run prints one line on stderr, exits non-zero, and the database is unchanged", async () => {
    writeFileSync(join(folder.dir, "0001_initial.down.sql"), `${readFileSync(join(folder.dir, "0001_initial.down.sql"), "utf8")}-- edited\n`);
    const missing = new URL(db.url);
    missing.pathname = "/intro_page_no_such_database";
    const env = { DATABASE_URL: db.url };
    const before = await fingerprint(db.database);
    const cases: Array<[string[], Record<string, string>, RegExp, number]> = [
      [["migrat"], env, /^migrate: unknown command "migrat" \(one of status, up, down, plan, validate, verify, backfill, backup, restore\)$/, 2],
      [["up", "--to", "0099_nope"], env, /^migrate: unknown migration "0099_nope"/, 1],
      [["up", "--lock-timeout", "soon"], env, /^migrate: --lock-timeout takes a whole number, not "soon"$/, 2],
      [["status"], { DATABASE_URL: missing.toString() }, /^migrate: cannot connect to the database: database "intro_page_no_such_database" does not exist \(nothing was changed\)$/, 1],
      [["up", "--dir", folder.dir], env, /^migrate: 0001_initial was edited after it was applied/, 1],
      [["restore", join(folder.dir, "nothing-here.dump")], env, /^migrate: backup file .* does not exist \(nothing was changed\)$/, 1],
    ];
    const results = await Promise.all(cases.map(([args, caseEnv]) => cli(args, caseEnv)));
    results.forEach((result, i) => {
      const [args, , message, code] = cases[i]!;
      expect(result.stderr.trimEnd().split("\n"), args.join(" ")).toHaveLength(1);
      expect(result.stderr.trimEnd(), args.join(" ")).toMatch(message);
      expect(result.code, args.join(" ")).toBe(code);
    });
    expect(await fingerprint(db.database)).toEqual(before);
  });

  it("when a backup is taken and restored with the CLI, then the data is back and the audit trail says a restore happened", async () => {
    const file = join(folder.dir, "cli.dump");
    const env = { DATABASE_URL: db.url };
    const before = await fingerprint(db.database);
    const backup = await cli(["backup", "--out", file], env);
    expect(backup.stdout).toMatch(/^backup written: .*cli\.dump \([\d.]+ MB\) in \d+ ms$/m);
    await db.database.sequelize.query("DELETE FROM action_items");
    const restore = await cli(["restore", file], env);
    expect(restore.stderr).toBe("");
    expect(restore.code).toBe(0);
    expect(await fingerprint(db.database)).toEqual(before);
    const [last] = await onSession(db.database, (session) => readAudit(session, 1));
    expect(last).toMatchObject({ migration: "restore:cli.dump", direction: "restore", result: "completed" });
  });
});
