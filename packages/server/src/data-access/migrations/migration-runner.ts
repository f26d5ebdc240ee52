import type { Sequelize } from "sequelize";
import { packagePaths } from "../../config/package-paths.js";
import { backfills as knownBackfills } from "./actors-backfill.js";
import { runBackfill, type Backfill, type BackfillOptions, type BackfillProgress } from "./backfill.js";
import { checksumAll, type TableChecksum } from "./catalog.js";
import {
  adoptChecksum,
  appendAudit,
  backfillTable,
  ensureLedger,
  forgetApplied,
  readApplied,
  readAudit,
  recordApplied,
  type AuditRecord,
} from "./ledger.js";
import { MigrationError } from "./migration-error.js";
import { loadMigrations, type MigrationFile } from "./migration-files.js";
import { planStep, type PlannedStep } from "./plan.js";
import { acquireRunLock, releaseRunLock } from "./run-lock.js";
import { runStep, runStepWithoutTransaction, StepFailure, type TimeoutPolicy } from "./run-step.js";
import { openSession, type MigrationSession } from "./session.js";
import { droppedColumns, touchedTables } from "./statement-analysis.js";
import { validateMigrations, type ValidationReport } from "./validate.js";
import { checkIntegrity, compareWithSnapshot, foldExpectations, snapshotTables, type VerifyProblem } from "./verify.js";

/** How a migrator finds its migrations and how carefully it applies them. */
export interface MigratorOptions extends TimeoutPolicy {
  /** The folder of `NNNN_name.up.sql` / `.down.sql` files (default: the package's migrations). */
  dir?: string | undefined;
  /** How long to wait for another run's lock before refusing (default 60 s). */
  lockWaitMs?: number | undefined;
  /**
   * Takes a backup before a contract migration and returns where it is.
   * Without one, a contract runs only when the tables it touches are empty
   * (nothing to lose), else it is refused.
   */
  backup?: ((migration: string) => Promise<string>) | undefined;
  /** How the backfill a contract needs runs when `up` reaches it. */
  backfill?: BackfillOptions | undefined;
  /** Progress lines (retries, backfills, backups, rollbacks). */
  log?: ((line: string) => void) | undefined;
}

/** One migration as `status` reports it. */
export interface MigrationState {
  name: string;
  state: "applied" | "pending" | "edited" | "unknown";
  appliedAt?: Date | undefined;
  phase: MigrationFile["directives"]["phase"] | "unknown";
}

/** What `status` shows: every migration's state, the newest audit rows and the backfills. */
export interface MigrationStatus {
  migrations: MigrationState[];
  audit: AuditRecord[];
  backfills: BackfillProgress[];
}

/** What `verify` found: its problems (none means healthy) and every table's row count and checksum. */
export interface VerifyReport {
  problems: VerifyProblem[];
  tables: Record<string, TableChecksum>;
}

/** The operations of `npm run migrate`, for programmatic use. Each opens its own connection and releases it. */
export interface Migrator {
  /** Every migration's state, the newest audit rows and the backfills' progress. Read-only. */
  status(): Promise<MigrationStatus>;
  /**
   * Applies pending migrations in name order, through `to` when given. With
   * `verify`, each step is checked before it commits (or, for a
   * no-transaction step, after it) and rolled back when a check fails.
   * When a step fails, the steps this run applied before it are reverted
   * too, so the run leaves the schema as it found it. Returns the names applied.
   */
  up(options?: { to?: string | undefined; verify?: boolean | undefined }): Promise<string[]>;
  /** Reverts the newest migration, or every migration after `to` (`to: 0` reverts all). Returns the names reverted. */
  down(options?: { to?: string | 0 | undefined }): Promise<string[]>;
  /** The steps `up` (or `down`) would run, their statements and the locks each takes. Changes nothing. */
  plan(options?: { to?: string | 0 | undefined; direction?: "up" | "down" | undefined }): Promise<PlannedStep[]>;
  /** Integrity of the database now: orphans, invalid objects, expected schema, row counts and checksums. Read-only. */
  verify(): Promise<VerifyReport>;
  /** Runs (or resumes) the backfills whose expand is applied and whose contract is not, or the one named. */
  backfill(options?: BackfillOptions & { name?: string | undefined }): Promise<BackfillProgress[]>;
}

/** A step this run has committed, so a later failure can revert it. */
interface Done {
  migration: MigrationFile;
  direction: "up" | "down";
}

const shortSum = (checksum: string | null) => (checksum ?? "none").slice(0, 12);

/** Lints every migration in `dir` (default: the package's) with squawk and our own rules. Needs no database. */
export function validateMigrationFolder(dir = packagePaths().migrations, options: { squawkConfig?: string | undefined } = {}): ValidationReport {
  return validateMigrations(loadMigrations(dir), options);
}

/** Creates the migrator over a Sequelize instance (PostgreSQL, or embedded PGlite through its socket). */
export function createMigrator(sequelize: Sequelize, options: MigratorOptions = {}): Migrator {
  const dir = options.dir ?? packagePaths().migrations;
  const log = options.log ?? (() => undefined);
  const lockWaitMs = options.lockWaitMs ?? 60_000;
  const backfillsByName = new Map<string, Backfill>(knownBackfills.map((b) => [b.name, b]));

  /** Runs `work` on one connection; `locked` work holds the run lock and has the bookkeeping tables. */
  async function withSession<T>(locked: boolean, work: (session: MigrationSession) => Promise<T>): Promise<T> {
    let session: MigrationSession;
    try {
      session = await openSession(sequelize);
    } catch (err) {
      throw new MigrationError(`cannot connect to the database: ${(err as Error).message.split("\n")[0]}`);
    }
    try {
      if (locked) {
        await acquireRunLock(session, lockWaitMs);
        await ensureLedger(session);
      }
      return await work(session);
    } finally {
      if (locked) await releaseRunLock(session).catch(() => undefined);
      await session.release();
    }
  }

  /**
   * The files and the ledger, reconciled: refuses when the database has a
   * migration this code does not know (it is ahead of the code) or an
   * applied file was edited. Adopts checksums the old ledger lacked.
   */
  async function reconcile(session: MigrationSession, adopt: boolean) {
    const files = loadMigrations(dir);
    const byName = new Map(files.map((f) => [f.name, f]));
    const applied = await readApplied(session);
    const unknown = applied.filter((a) => !byName.has(a.name));
    if (unknown.length > 0) {
      throw new MigrationError(`the database has ${unknown.map((u) => u.name).join(", ")} applied, which this code does not know: it is ahead of the code (deploy the newer release, or revert with it)`);
    }
    for (const a of applied) {
      const file = byName.get(a.name)!;
      if (a.checksum === null) {
        if (adopt) await adoptChecksum(session, a.name, file.checksum);
      } else if (a.checksum !== file.checksum) {
        throw new MigrationError(
          `${a.name} was edited after it was applied (checksum ${shortSum(a.checksum)} in the database, ${shortSum(file.checksum)} on disk): restore the file and put the change in a new migration`,
        );
      }
    }
    const appliedNames = new Set(applied.map((a) => a.name));
    return { files, byName, applied, appliedNames };
  }

  const findFile = (byName: Map<string, MigrationFile>, name: string) => {
    const file = byName.get(name);
    if (!file) throw new MigrationError(`unknown migration "${name}" (see \`npm run migrate -- status\`)`);
    return file;
  };

  /** Whether every table a step touches is empty, so a contract without a backup loses nothing. */
  async function touchesOnlyEmptyTables(session: MigrationSession, migration: MigrationFile): Promise<boolean> {
    for (const table of touchedTables(migration.up)) {
      const { rows } = await session.query(`SELECT 1 FROM "${table}" LIMIT 1`).catch(() => ({ rows: [] }));
      if (rows.length > 0) return false;
    }
    return true;
  }

  /** Expectations of the applied migrations plus the one being applied, folded in name order. */
  const expectationsWith = (files: MigrationFile[], applied: Set<string>, extra?: MigrationFile) =>
    foldExpectations(files.filter((f) => applied.has(f.name) || f === extra).map((f) => f.directives.expectations));

  /** Applies or reverts one migration as one audited step; throws StepFailure after recording it. */
  async function runOne(session: MigrationSession, migration: MigrationFile, direction: Done["direction"] | "rollback", context: { files: MigrationFile[]; applied: Set<string>; verify: boolean }) {
    const forward = direction === "up" || (direction === "rollback" && !context.applied.has(migration.name));
    const statements = forward ? migration.up : migration.down;
    const started = new Date();
    const bookkeeping = () => (forward ? recordApplied(session, migration.name, migration.checksum) : forgetApplied(session, migration.name));
    let snapshot: Awaited<ReturnType<typeof snapshotTables>> | undefined;
    const check = async () => {
      const nextApplied = new Set(context.applied);
      if (forward) nextApplied.add(migration.name);
      else nextApplied.delete(migration.name);
      const problems = [
        ...(await checkIntegrity(session, expectationsWith(context.files, nextApplied))),
        ...(snapshot ? await compareWithSnapshot(session, snapshot) : []),
      ];
      if (problems.length > 0) throw new MigrationError(`verify failed: ${problems.map((p) => `${p.check}: ${p.detail}`).join("; ")}`);
    };
    const label = `${migration.name} (${direction})`;
    const audit = (result: "applied" | "reverted" | "failed", attempts: number, error: string | null, rowsTouched: number) =>
      appendAudit(session, { migration: migration.name, direction, checksum: migration.checksum, startedAt: started, durationMs: Date.now() - started.getTime(), result, attempts, error, rowsTouched });
    try {
      let result;
      if (migration.directives.noTransaction) {
        result = await runStepWithoutTransaction(
          session,
          label,
          statements,
          options,
          async () => {
            if (context.verify) await check();
            await bookkeeping();
          },
          log,
        );
      } else {
        const tables = touchedTables(statements);
        result = await runStep(
          session,
          label,
          statements,
          options,
          async () => {
            await bookkeeping();
            if (context.verify) await check();
          },
          log,
          context.verify
            ? async () => {
                // Hold off writers (not readers) to the touched tables so the before/after comparison sees only this step.
                const existing = (await session.query<{ name: string }>("SELECT relname AS name FROM pg_class WHERE relname = ANY($1) AND relnamespace = 'public'::regnamespace", [tables])).rows.map((r) => r.name);
                if (existing.length > 0) await session.query(`LOCK TABLE ${existing.map((t) => `"${t}"`).join(", ")} IN SHARE ROW EXCLUSIVE MODE`);
                snapshot = await snapshotTables(session, existing, droppedColumns(statements));
              }
            : undefined,
        );
      }
      if (forward) context.applied.add(migration.name);
      else context.applied.delete(migration.name);
      await audit(forward ? "applied" : "reverted", result.attempts, null, result.rowsTouched);
      log(`${forward ? "applied" : "reverted"} ${migration.name} in ${Date.now() - started.getTime()} ms${result.attempts > 1 ? ` (${result.attempts} attempts)` : ""}`);
    } catch (err) {
      let message = err instanceof Error ? err.message : String(err);
      if (migration.directives.noTransaction) {
        // No transaction to roll back: the down file undoes whatever part ran (it tolerates partial state).
        const undo = forward ? migration.down : migration.up;
        await runStepWithoutTransaction(session, `${migration.name} (undo)`, undo, options, async () => undefined, log).then(
          () => (message = `${message.replace(/; rolled back, nothing changed$/, "")}; undone by running its ${forward ? "down" : "up"} file`),
          (undoErr: Error) => (message = `${message}; undoing it failed too: ${undoErr.message} (restore the backup)`),
        );
      }
      await audit("failed", err instanceof StepFailure ? err.attempts : 1, message, 0).catch(() => undefined);
      throw new StepFailure(message, err instanceof StepFailure ? err.sqlState : undefined, err instanceof StepFailure ? err.attempts : 1);
    }
  }

  /** Reverts what this run did, newest first, so a failed run leaves the schema as it found it. */
  async function revertRun(session: MigrationSession, done: Done[], context: { files: MigrationFile[]; applied: Set<string>; verify: boolean }): Promise<string> {
    const reverted: string[] = [];
    for (const step of [...done].reverse()) {
      try {
        await runOne(session, step.migration, "rollback", { ...context, verify: false });
        reverted.push(step.migration.name);
      } catch (err) {
        return `; reverting the earlier steps of this run failed at ${step.migration.name}: ${(err as Error).message} (restore the backup)`;
      }
    }
    return reverted.length > 0 ? `; also reverted ${reverted.join(", ")}, which this run had ${done[0]!.direction === "up" ? "applied" : "reverted"}` : "";
  }

  /**
   * Runs `migrations` one step each in `direction` (after `prepare`, for up:
   * backfill and backup); on the first failure reverts what this run did and
   * rethrows with both said. Returns the names done.
   */
  async function runSteps(
    session: MigrationSession,
    migrations: MigrationFile[],
    direction: Done["direction"],
    context: { files: MigrationFile[]; applied: Set<string>; verify: boolean },
    prepare: (migration: MigrationFile) => Promise<void> = async () => undefined,
  ): Promise<string[]> {
    const done: Done[] = [];
    for (const migration of migrations) {
      try {
        await prepare(migration);
        await runOne(session, migration, direction, context);
        done.push({ migration, direction });
      } catch (err) {
        if (!(err instanceof MigrationError)) throw err;
        throw new MigrationError(`${err.message}${await revertRun(session, done, context)}`);
      }
    }
    return done.map((d) => d.migration.name);
  }

  /** Before a contract step: its backfill to the end, then a backup (or proof that there is nothing to lose). */
  async function prepareUp(session: MigrationSession, migration: MigrationFile, applied: Set<string>): Promise<void> {
    if (migration.directives.phase !== "contract") return;
    await completeBackfill(session, migration, applied);
    if (options.backup) log(`backup before ${migration.name}: ${await options.backup(migration.name)}`);
    else if (!(await touchesOnlyEmptyTables(session, migration))) {
      throw new MigrationError(`${migration.name} is a contract step and no backup was configured: run it with \`npm run migrate -- up\`, which takes one first`);
    }
  }

  /** The backfill a contract needs, run to the end (or refused when its expand is missing). */
  async function completeBackfill(session: MigrationSession, migration: MigrationFile, applied: Set<string>) {
    const name = migration.directives.backfill;
    if (!name) return;
    const backfill = backfillsByName.get(name);
    if (!backfill) throw new MigrationError(`${migration.name} needs backfill "${name}", which this code does not have`);
    if (!applied.has(backfill.expand)) throw new MigrationError(`${migration.name} needs ${backfill.expand} applied first`);
    log(`backfill ${name}: running to the end before ${migration.name}`);
    await runBackfill(session, backfill, { ...options.backfill, onProgress: options.backfill?.onProgress });
  }

  return {
    status: () =>
      withSession(false, async (session) => {
        const files = loadMigrations(dir);
        const applied = await readApplied(session);
        const byName = new Map(applied.map((a) => [a.name, a]));
        const migrations: MigrationState[] = files.map((file) => {
          const row = byName.get(file.name);
          const state = !row ? "pending" : row.checksum !== null && row.checksum !== file.checksum ? "edited" : "applied";
          return { name: file.name, state, appliedAt: row?.appliedAt, phase: file.directives.phase };
        });
        for (const row of applied) if (!files.some((f) => f.name === row.name)) migrations.push({ name: row.name, state: "unknown", appliedAt: row.appliedAt, phase: "unknown" });
        const hasBackfills = (await session.query("SELECT 1 WHERE to_regclass($1) IS NOT NULL", [backfillTable])).rows.length > 0;
        const backfills = hasBackfills
          ? (await session.query<{ name: string; rows_done: string; rows_total: string; batches: number; finished_at: Date | null }>(`SELECT * FROM ${backfillTable} ORDER BY name`)).rows.map((r) => ({
              name: r.name,
              rowsDone: Number(r.rows_done),
              rowsTotal: Number(r.rows_total),
              batches: r.batches,
              finished: r.finished_at !== null,
            }))
          : [];
        return { migrations: migrations.sort((a, b) => a.name.localeCompare(b.name)), audit: await readAudit(session, 10), backfills };
      }),

    up: ({ to, verify = false } = {}) =>
      withSession(true, async (session) => {
        const { files, byName, appliedNames } = await reconcile(session, true);
        const target = to === undefined ? undefined : findFile(byName, to);
        const pending = files.filter((f) => !appliedNames.has(f.name) && (!target || f.name <= target.name));
        return runSteps(session, pending, "up", { files, applied: appliedNames, verify }, (migration) => prepareUp(session, migration, appliedNames));
      }),

    down: ({ to } = {}) =>
      withSession(true, async (session) => {
        const { byName, applied, appliedNames, files } = await reconcile(session, true);
        if (to !== undefined && to !== 0) {
          findFile(byName, to);
          if (!appliedNames.has(to)) throw new MigrationError(`${to} is not applied, so there is nothing to revert down to`);
        }
        const newestFirst = [...applied].reverse();
        const toRevert = to === undefined ? newestFirst.slice(0, 1) : newestFirst.filter((a) => to === 0 || a.name > to);
        return runSteps(session, toRevert.map((row) => byName.get(row.name)!), "down", { files, applied: appliedNames, verify: false });
      }),

    plan: ({ to, direction = "up" } = {}) =>
      withSession(false, async (session) => {
        const { files, byName, applied, appliedNames } = await reconcile(session, false);
        if (direction === "up") {
          const target = to === undefined || to === 0 ? undefined : findFile(byName, to);
          return files
            .filter((f) => !appliedNames.has(f.name) && (!target || f.name <= target.name))
            .map((f) => planStep(f, "up", f.directives.backfill, f.directives.phase === "contract"));
        }
        if (to !== undefined && to !== 0) findFile(byName, to);
        const newestFirst = [...applied].reverse();
        const toRevert = to === undefined ? newestFirst.slice(0, 1) : newestFirst.filter((a) => to === 0 || a.name > to);
        return toRevert.map((a) => planStep(byName.get(a.name)!, "down"));
      }),

    verify: () =>
      withSession(false, async (session) => {
        const { files, appliedNames } = await reconcile(session, false);
        return { problems: await checkIntegrity(session, expectationsWith(files, appliedNames)), tables: await checksumAll(session) };
      }),

    backfill: ({ name, ...backfillOptions } = {}) =>
      withSession(true, async (session) => {
        const { files, appliedNames } = await reconcile(session, true);
        if (name !== undefined && !backfillsByName.has(name)) throw new MigrationError(`unknown backfill "${name}" (known: ${[...backfillsByName.keys()].join(", ")})`);
        const contractOf = (b: Backfill) => files.find((f) => f.directives.backfill === b.name);
        const eligible = [...backfillsByName.values()].filter((b) => (name === undefined || b.name === name) && appliedNames.has(b.expand));
        const due = eligible.filter((b) => {
          const contract = contractOf(b);
          return !contract || !appliedNames.has(contract.name);
        });
        if (name !== undefined && due.length === 0) {
          const backfill = backfillsByName.get(name)!;
          throw new MigrationError(
            appliedNames.has(backfill.expand) ? `backfill ${name} is not needed: its contract is already applied` : `backfill ${name} needs ${backfill.expand} applied first`,
          );
        }
        const results: BackfillProgress[] = [];
        for (const backfill of due) results.push(await runBackfill(session, backfill, { ...options.backfill, ...backfillOptions }));
        return results;
      }),
  };
}
