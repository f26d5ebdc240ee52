import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { MigrationError } from "./migration-error.js";
import { splitStatements, type SqlStatement } from "./sql-statements.js";

/** Where a migration stands in an expand/contract change. */
export type MigrationPhase = "plain" | "expand" | "contract";

/** An object a migration promises exists (or is gone) once it is applied; `verify` checks it. */
export interface Expectation {
  kind: "table" | "column" | "constraint" | "index";
  /** `table`, `table.column`, `table.constraint` or an index name. */
  name: string;
  present: boolean;
}

/** A linter rule the author turned off for this migration, and why. */
export interface Override {
  rule: string;
  reason: string;
  line: number;
}

/** What a migration's `-- migrate:` comments declare. */
export interface Directives {
  phase: MigrationPhase;
  /** For a contract: the expand migration it completes. */
  pairedWith?: string;
  /** For a contract: the backfill that must be complete before it runs. */
  backfill?: string;
  expectations: Expectation[];
  overrides: Override[];
  /** Run each statement in its own transaction (CREATE INDEX CONCURRENTLY needs it). */
  noTransaction: boolean;
}

/** One migration: the pair `NNNN_name.up.sql` / `NNNN_name.down.sql`. */
export interface MigrationFile {
  name: string;
  upPath: string;
  downPath: string;
  up: SqlStatement[];
  down: SqlStatement[];
  /** sha256 of both files: editing either after it was applied is refused. */
  checksum: string;
  directives: Directives;
}

const namePattern = /^\d{4,}_[a-z0-9_]+$/;

/** Reads the `-- migrate:<word> …` lines of an up file; a malformed one is an error naming its line. */
export function parseDirectives(name: string, sql: string): Directives {
  const directives: Directives = { phase: "plain", expectations: [], overrides: [], noTransaction: false };
  sql.split("\n").forEach((raw, index) => {
    const match = /^\s*--\s*migrate:(\S+)\s*(.*)$/.exec(raw);
    if (!match) return;
    const [, word, rest] = match as unknown as [string, string, string];
    const args = rest.trim().split(/\s+/).filter(Boolean);
    const where = `${name}.up.sql line ${index + 1}`;
    if (word === "phase" && (args[0] === "expand" || args[0] === "plain") && args.length === 1) directives.phase = args[0];
    else if (word === "phase" && args[0] === "contract" && args.length === 2) {
      directives.phase = "contract";
      directives.pairedWith = args[1];
    } else if (word === "backfill" && args.length === 1) directives.backfill = args[0];
    else if (word === "no-transaction" && args.length === 0) directives.noTransaction = true;
    else if (word === "expect") {
      const present = args[0] !== "no";
      const [kind, target] = present ? args : args.slice(1);
      if (!["table", "column", "constraint", "index"].includes(kind ?? "") || !target) throw new MigrationError(`${where}: expected "-- migrate:expect [no] table|column|constraint|index <name>"`);
      directives.expectations.push({ kind: kind as Expectation["kind"], name: target, present });
    } else if (word === "allow") {
      const [rule, ...reason] = args;
      // An override without a reason is the thing the linter exists to stop.
      if (!rule || reason.join(" ").length < 10) throw new MigrationError(`${where}: "-- migrate:allow <rule> <reason>" needs a reason of at least a few words`);
      directives.overrides.push({ rule, reason: reason.join(" "), line: index + 1 });
    } else throw new MigrationError(`${where}: unknown directive "migrate:${word} ${rest.trim()}" (phase, backfill, expect, allow, no-transaction)`);
  });
  if (directives.phase === "contract" && !directives.pairedWith) throw new MigrationError(`${name}: a contract names its expand ("-- migrate:phase contract <expand>")`);
  return directives;
}

/** Reads every migration in `dir`, in name order; a missing down file or a bad name is an error. */
export function loadMigrations(dir: string): MigrationFile[] {
  if (!existsSync(dir)) throw new MigrationError(`migrations folder ${dir} does not exist`);
  const files = readdirSync(dir);
  const migrations = files
    .filter((file) => file.endsWith(".up.sql"))
    .sort()
    .map((file) => {
      const name = file.slice(0, -".up.sql".length);
      if (!namePattern.test(name)) throw new MigrationError(`${file}: migration names look like 0012_add_thing`);
      const downFile = `${name}.down.sql`;
      if (!files.includes(downFile)) throw new MigrationError(`migration ${name} has no ${downFile}`);
      const upPath = join(dir, file);
      const downPath = join(dir, downFile);
      const upSql = readFileSync(upPath, "utf8");
      const downSql = readFileSync(downPath, "utf8");
      return {
        name,
        upPath,
        downPath,
        up: splitStatements(upSql),
        down: splitStatements(downSql),
        checksum: createHash("sha256").update(upSql).update("\0").update(downSql).digest("hex"),
        directives: parseDirectives(name, upSql),
      };
    });
  const orphans = files.filter((file) => file.endsWith(".down.sql") && !files.includes(file.replace(/\.down\.sql$/, ".up.sql")));
  if (orphans.length > 0) throw new MigrationError(`${orphans[0]} has no up file`);
  for (const m of migrations) {
    const expand = m.directives.pairedWith;
    if (expand && !migrations.some((other) => other.name === expand && other.name < m.name && other.directives.phase === "expand")) {
      throw new MigrationError(`${m.name}: its expand ${expand} is not an earlier migration with "-- migrate:phase expand"`);
    }
  }
  return migrations;
}
