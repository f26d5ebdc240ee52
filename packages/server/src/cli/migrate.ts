#!/usr/bin/env node
// `npm run migrate -- <command>`: status, up, down, plan, validate, verify,
// backfill, backup, restore (docs/migrations.md). Bad input prints one line
// and exits non-zero without touching the database.
import { existsSync } from "node:fs";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import type { Config } from "../config/config.js";
import { openDatabase, type Database } from "../data-access/database.js";
import { backupDatabase, restoreDatabase, type BackupTarget } from "../data-access/migrations/backup.js";
import type { BackfillProgress } from "../data-access/migrations/backfill.js";
import { appendAudit, ensureLedger } from "../data-access/migrations/ledger.js";
import { openSession } from "../data-access/migrations/session.js";
import { MigrationError } from "../data-access/migrations/migration-error.js";
import { createMigrator, validateMigrationFolder, type MigratorOptions } from "../data-access/migrations/migration-runner.js";
import { packageRoot } from "../config/package-paths.js";
import { loadCliConfig, localDataDir } from "./local-data.js";

const usage =
  "usage: migrate <status | up [--to <name>] [--verify] | down [--to <name>|0] | plan [--to <name>] [--down] | validate | verify | backfill [<name>] [--restart] | backup [--out <file>] | restore <file>>";

const options = {
  to: { type: "string" },
  verify: { type: "boolean" },
  down: { type: "boolean" },
  restart: { type: "boolean" },
  out: { type: "string" },
  dir: { type: "string" },
  "backup-dir": { type: "string" },
  "lock-wait": { type: "string" },
  "lock-timeout": { type: "string" },
  "statement-timeout": { type: "string" },
  retries: { type: "string" },
  "batch-size": { type: "string" },
  "pause-ms": { type: "string" },
} as const;

/** One line on stderr and a non-zero exit: what the issue calls "bad input". */
function fail(message: string, code = 1): never {
  console.error(`migrate: ${message}`);
  process.exit(code);
}

function parse() {
  try {
    return parseArgs({ allowPositionals: true, options, strict: true });
  } catch (err) {
    return fail(`${(err as Error).message.split("\n")[0]} (${usage})`, 2);
  }
}

const { positionals, values } = parse();
const [command, ...rest] = positionals;

const count = (name: keyof typeof options): number | undefined => {
  const raw = values[name] as string | undefined;
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) fail(`--${name} takes a whole number, not "${raw}"`, 2);
  return Number(raw);
};

const commands = ["status", "up", "down", "plan", "validate", "verify", "backfill", "backup", "restore"];
if (!command || !commands.includes(command)) fail(command ? `unknown command "${command}" (one of ${commands.join(", ")})` : usage, 2);
if (rest.length > (command === "backfill" || command === "restore" ? 1 : 0)) fail(`unexpected argument "${rest.at(-1)}" (${usage})`, 2);
if (command === "restore" && !rest[0]) fail("restore needs the backup file: migrate restore <file>", 2);

const policy = {
  lockWaitMs: count("lock-wait"),
  lockTimeoutMs: count("lock-timeout"),
  statementTimeoutMs: count("statement-timeout"),
  retries: count("retries"),
};
const backfillOptions = { batchSize: count("batch-size"), pauseMs: count("pause-ms"), restart: values.restart };
if (backfillOptions.batchSize === 0) fail("--batch-size must be at least 1", 2);

// validate reads only files: no configuration, no database.
if (command === "validate") {
  try {
    const squawkConfig = join(packageRoot(), "squawk.toml");
    const report = validateMigrationFolder(values.dir, { squawkConfig: existsSync(squawkConfig) ? squawkConfig : undefined });
    for (const f of report.findings) {
      console.log(`${f.migration}.up.sql:${f.line} [${f.source} ${f.rule}] ${f.message}${f.overriddenBecause ? ` (allowed: ${f.overriddenBecause})` : ""}`);
    }
    console.log(`validate: ${report.migrations.length} migrations, ${report.failures.length} problems, ${report.findings.length - report.failures.length} allowed with a reason`);
    process.exit(report.failures.length === 0 ? 0 : 1);
  } catch (err) {
    if (err instanceof MigrationError) fail(err.message);
    throw err;
  }
}

const config = loadCliConfig();
const backupDir = values["backup-dir"] ?? join(localDataDir(), "backups");

/** What `backup` and `restore` act on: the PostgreSQL at DATABASE_URL, or the embedded PGlite's data directory. */
function backupTarget(config: Config, database?: Database): BackupTarget {
  if (config.DATABASE_URL) return { kind: "postgres", url: config.DATABASE_URL };
  return { kind: "pglite", dataDir: config.PGLITE_DATA_DIR!, open: database?.pglite };
}

function backupFile(label: string): string {
  const name = config.DATABASE_URL ? new URL(config.DATABASE_URL).pathname.slice(1) || "postgres" : "pglite";
  return join(backupDir, `${name}-${new Date().toISOString().replace(/[:.]/g, "-")}-${label}.${config.DATABASE_URL ? "dump" : "tar.gz"}`);
}

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(2)} MB`;

// backup and restore of PostgreSQL need no connection of ours; restoring PGlite must not open it.
if (command === "restore") {
  try {
    const startedAt = new Date();
    const result = await restoreDatabase(backupTarget(config), rest[0]!);
    console.log(`restored ${result.file} (${mb(result.bytes)}) in ${Math.round(result.ms)} ms`);
    // The restored audit table ends at the backup; say in it that a restore happened, and from what.
    const restored = await openDatabase(config);
    try {
      const session = await openSession(restored.sequelize);
      await ensureLedger(session);
      await appendAudit(session, {
        migration: `restore:${basename(result.file)}`,
        direction: "restore",
        checksum: null,
        startedAt,
        durationMs: result.ms,
        result: "completed",
        attempts: 1,
        error: null,
        rowsTouched: 0,
      }).finally(() => session.release());
    } finally {
      await restored.close();
    }
    process.exit(0);
  } catch (err) {
    if (err instanceof MigrationError) fail(err.message);
    throw err;
  }
}

let database: Database;
try {
  database = await openDatabase(config);
} catch (err) {
  fail(`cannot connect to the database: ${(err as Error).message.split("\n")[0]} (nothing was changed)`);
}

/** A terminal progress bar for backfills (a line per few seconds when stdout is not a terminal). */
function progressBar() {
  const bar = new cliProgress.SingleBar(
    { format: "backfill {name} [{bar}] {percentage}% | {value}/{total} rows | {rate} rows/s | eta {eta_formatted}", noTTYOutput: true, notTTYSchedule: 1_000, etaBuffer: 20 },
    cliProgress.Presets.shades_classic,
  );
  let started: number | undefined;
  let first = 0;
  return {
    update(progress: BackfillProgress) {
      if (started === undefined) {
        started = performance.now();
        first = progress.rowsDone;
        bar.start(Math.max(progress.rowsTotal, 1), progress.rowsDone, { name: progress.name, rate: 0 });
      }
      const seconds = (performance.now() - started) / 1000;
      bar.setTotal(Math.max(progress.rowsTotal, progress.rowsDone, 1));
      bar.update(progress.rowsDone, { name: progress.name, rate: seconds > 0 ? Math.round((progress.rowsDone - first) / seconds) : 0 });
    },
    stop: () => bar.stop(),
  };
}

const bar = progressBar();
const migratorOptions: MigratorOptions = {
  ...policy,
  dir: values.dir,
  log: (line) => console.log(line),
  backfill: { ...backfillOptions, onProgress: (p) => bar.update(p) },
  async backup(migration) {
    const result = await backupDatabase(backupTarget(config, database), backupFile(`before-${migration}`));
    return `${result.file} (${mb(result.bytes)}, ${Math.round(result.ms)} ms)`;
  },
};
const migrator = createMigrator(database.sequelize, migratorOptions);

/** Runs the command; returns the exit code. */
async function run(): Promise<number> {
  switch (command) {
    case "status": {
      const status = await migrator.status();
      for (const m of status.migrations) console.log(`${m.state.padEnd(8)} ${m.name}${m.phase !== "plain" ? ` (${m.phase})` : ""}${m.appliedAt ? `  applied ${m.appliedAt.toISOString()}` : ""}`);
      for (const b of status.backfills) console.log(`backfill ${b.name}: ${b.rowsDone}/${b.rowsTotal} rows in ${b.batches} batches${b.finished ? ", finished" : ", not finished"}`);
      if (status.audit.length > 0) console.log("recent runs (audit):");
      for (const a of status.audit) {
        console.log(`  #${a.id} ${a.startedAt.toISOString()} ${a.direction.padEnd(8)} ${a.migration} ${a.result} in ${a.durationMs} ms, ${a.rowsTouched} rows, ${a.attempts} attempt(s), by ${a.actor} on ${a.host}${a.error ? ` — ${a.error}` : ""}`);
      }
      return status.migrations.some((m) => m.state === "edited" || m.state === "unknown") ? 1 : 0;
    }
    case "up": {
      const applied = await migrator.up({ to: values.to, verify: values.verify });
      console.log(applied.length === 0 ? "nothing to apply" : `applied: ${applied.join(", ")}${values.verify ? " (verified)" : ""}`);
      return 0;
    }
    case "down": {
      const reverted = await migrator.down({ to: values.to === "0" ? 0 : values.to });
      console.log(reverted.length === 0 ? "nothing to revert" : `reverted: ${reverted.join(", ")}`);
      return 0;
    }
    case "plan": {
      const steps = await migrator.plan({ to: values.to === "0" ? 0 : values.to, direction: values.down ? "down" : "up" });
      if (steps.length === 0) console.log("nothing to do");
      for (const step of steps) {
        console.log(`== ${step.migration} ${step.direction} (${step.transactional ? "one transaction" : "each statement commits alone"})`);
        for (const line of step.before) console.log(`   first: ${line}`);
        for (const statement of step.statements) {
          console.log(`   line ${statement.line}: ${statement.sql.length > 100 ? `${statement.sql.slice(0, 97)}...` : statement.sql}`);
          for (const lock of statement.locks) console.log(`      ${lock.mode} on ${lock.table} (blocks ${lock.blocks})`);
        }
      }
      return 0;
    }
    case "verify": {
      const report = await migrator.verify();
      for (const [table, sum] of Object.entries(report.tables)) console.log(`${table}: ${sum.rows} rows, checksum ${sum.checksum}`);
      for (const p of report.problems) console.log(`problem: ${p.check}: ${p.detail}`);
      console.log(report.problems.length === 0 ? "verify: ok" : `verify: ${report.problems.length} problems`);
      return report.problems.length === 0 ? 0 : 1;
    }
    case "backfill": {
      const results = await migrator.backfill({ ...backfillOptions, name: rest[0], onProgress: (p) => bar.update(p) });
      bar.stop();
      if (results.length === 0) console.log("no backfill is due (none has its expand applied and its contract pending)");
      for (const r of results) console.log(`backfill ${r.name}: ${r.rowsDone} rows in ${r.batches} batches, finished`);
      return 0;
    }
    case "backup": {
      const result = await backupDatabase(backupTarget(config, database), values.out ?? backupFile("manual"));
      console.log(`backup written: ${result.file} (${mb(result.bytes)}) in ${Math.round(result.ms)} ms`);
      return 0;
    }
  }
  return 2;
}

let code = 1;
try {
  code = await run();
} catch (err) {
  bar.stop();
  await database.close().catch(() => undefined);
  if (err instanceof MigrationError) fail(err.message);
  throw err;
}
await database.close();
process.exit(code);
