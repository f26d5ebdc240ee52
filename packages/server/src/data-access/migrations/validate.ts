import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { lintMigrations, ruleHelp, type Finding } from "./lint-rules.js";
import { MigrationError } from "./migration-error.js";
import type { MigrationFile } from "./migration-files.js";

/** The result of `validate`: every finding, and whether any is not overridden. */
export interface ValidationReport {
  findings: Finding[];
  /** Findings without an override: validation fails when there is any. */
  failures: Finding[];
  /** Which migrations were checked. */
  migrations: string[];
}

/** squawk's rules that are exactly what the contract step of an expand/contract pair is for. */
const contractRules = new Set(["ban-drop-column", "ban-drop-table", "renaming-column", "renaming-table"]);

/** The squawk binary from squawk-cli (a devDependency: validating is a development and CI step). */
function squawkBinary(): string {
  try {
    const packageJson = createRequire(import.meta.url).resolve("squawk-cli/package.json");
    const bin = join(dirname(packageJson), "js", "bin", "squawk");
    if (existsSync(bin)) return bin;
  } catch {
    // Not installed: said below in one line.
  }
  throw new MigrationError("squawk-cli is not installed (npm install --save-dev squawk-cli); validate needs it");
}

interface SquawkViolation {
  file: string;
  line: number;
  rule_name: string;
  message: string;
  help: string | null;
}

/**
 * Lints the up files with squawk, in two runs: migrations that run in one
 * transaction (`--assume-in-transaction`) and `-- migrate:no-transaction` ones.
 */
function runSquawk(migrations: MigrationFile[], configFile: string | undefined): Finding[] {
  const bin = squawkBinary();
  const findings: Finding[] = [];
  for (const noTransaction of [false, true]) {
    const group = migrations.filter((m) => m.directives.noTransaction === noTransaction);
    if (group.length === 0) continue;
    const args = ["--reporter", "json", ...(configFile ? ["--config", configFile] : []), ...(noTransaction ? [] : ["--assume-in-transaction"]), ...group.map((m) => m.upPath)];
    const result = spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });
    if (result.error || !result.stdout.trim().startsWith("[")) throw new MigrationError(`squawk could not lint the migrations: ${(result.error?.message ?? result.stderr).trim().split("\n")[0]}`);
    for (const v of JSON.parse(result.stdout) as SquawkViolation[]) {
      const migration = group.find((m) => m.upPath === v.file)!;
      const override = migration.directives.overrides.find((o) => o.rule === v.rule_name);
      const byContract = migration.directives.phase === "contract" && contractRules.has(v.rule_name) ? `the contract step of ${migration.directives.pairedWith}` : undefined;
      findings.push({
        migration: migration.name,
        // squawk counts lines from 0.
        line: v.line + 1,
        rule: v.rule_name,
        message: v.help ? `${v.message} ${v.help}` : v.message,
        source: "squawk",
        overriddenBecause: override?.reason ?? byContract,
      });
    }
  }
  return findings;
}

/**
 * Lints every up migration with squawk and our own rules. A finding fails
 * validation unless the migration carries `-- migrate:allow <rule> <reason>`;
 * an override that matches no finding fails too, so stale ones do not pile up.
 */
export function validateMigrations(migrations: MigrationFile[], options: { squawkConfig?: string | undefined } = {}): ValidationReport {
  const findings = [...runSquawk(migrations, options.squawkConfig), ...lintMigrations(migrations)].sort(
    (a, b) => a.migration.localeCompare(b.migration) || a.line - b.line,
  );
  for (const migration of migrations) {
    for (const override of migration.directives.overrides) {
      if (!findings.some((f) => f.migration === migration.name && f.rule === override.rule)) {
        findings.push({
          migration: migration.name,
          line: override.line,
          rule: "unused-override",
          message: `"-- migrate:allow ${override.rule}" matches no finding${override.rule in ruleHelp ? "" : " (no such rule?)"}: remove it`,
          source: "intro-page",
        });
      }
    }
  }
  return { findings, failures: findings.filter((f) => !f.overriddenBecause), migrations: migrations.map((m) => m.name) };
}
