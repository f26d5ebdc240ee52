import { setTimeout as sleep } from "node:timers/promises";
import type { Sequelize } from "sequelize";
import { appendAudit, backfillTable } from "./ledger.js";
import { MigrationError } from "./migration-error.js";
import { lockNotAvailable, sqlState } from "./run-lock.js";
import type { MigrationSession } from "./session.js";

/** What one batch did. */
export interface BatchResult {
  /** Source rows visited. */
  visited: number;
  /** Rows written. */
  touched: number;
  /** Where the next batch starts; null when the last batch ran. */
  cursor: unknown;
}

/**
 * A data backfill between an expand and its contract: copies the old shape
 * into the new one in small keyset batches, so no statement holds row locks
 * for long and a crash loses at most one (rolled back) batch.
 */
export interface Backfill {
  name: string;
  /** The expand migration that must be applied first. */
  expand: string;
  /** What it does, for the progress bar and `status`. */
  description: string;
  /** How many source rows there are (the progress bar's 100%). */
  countRows(session: MigrationSession): Promise<number>;
  /** Source rows not yet copied (0 means the contract may run). */
  remaining(session: MigrationSession): Promise<number>;
  /** One batch after `cursor` (null: from the start). */
  runBatch(session: MigrationSession, cursor: unknown, size: number): Promise<BatchResult>;
}

/** How fast and how carefully a backfill runs. */
export interface BackfillOptions {
  /** Rows per batch (default 500). */
  batchSize?: number | undefined;
  /** Pause between batches, the throttle (default 50 ms). */
  pauseMs?: number | undefined;
  /** lock_timeout per batch (default 1 s); a batch that waits longer is retried. */
  lockTimeoutMs?: number | undefined;
  /** statement_timeout per batch (default 15 s). */
  statementTimeoutMs?: number | undefined;
  /** Retries of one batch after a lock timeout or deadlock (default 5). */
  retries?: number | undefined;
  /** Start over instead of resuming from the saved cursor. */
  restart?: boolean | undefined;
  /** Stops after the current batch when aborted (the saved cursor resumes it). */
  signal?: AbortSignal | undefined;
  /** Called after every batch. */
  onProgress?: ((progress: BackfillProgress) => void) | undefined;
}

/** Where a backfill stands. */
export interface BackfillProgress {
  name: string;
  rowsDone: number;
  rowsTotal: number;
  batches: number;
  finished: boolean;
}

interface StateRow {
  cursor: unknown;
  rows_done: string;
  rows_total: string;
  batches: number;
  finished_at: Date | null;
}

async function readState(session: MigrationSession, name: string): Promise<StateRow | undefined> {
  return (await session.query<StateRow>(`SELECT cursor, rows_done, rows_total, batches, finished_at FROM ${backfillTable} WHERE name = $1`, [name])).rows[0];
}

const toProgress = (name: string, row: StateRow): BackfillProgress => ({
  name,
  rowsDone: Number(row.rows_done),
  rowsTotal: Number(row.rows_total),
  batches: row.batches,
  finished: row.finished_at !== null,
});

/**
 * Runs (or resumes) a backfill to the end: each batch and the saved cursor
 * commit together, so after a crash the next run starts where the last
 * committed batch ended. A finished backfill whose source grew since (rows
 * written by an older release that does not know the new shape) runs again.
 * Appends one audit row when it finishes or fails.
 */
export async function runBackfill(session: MigrationSession, backfill: Backfill, options: BackfillOptions = {}): Promise<BackfillProgress> {
  const batchSize = options.batchSize ?? 500;
  const started = new Date();
  let state = await readState(session, backfill.name);
  if (state?.finished_at && !options.restart && (await backfill.remaining(session)) === 0) return toProgress(backfill.name, state);
  if (!state || options.restart || state.finished_at) {
    const total = await backfill.countRows(session);
    await session.query(
      `INSERT INTO ${backfillTable} (name, cursor, rows_done, rows_total, batches, started_at, updated_at, finished_at)
       VALUES ($1, NULL, 0, $2, 0, now(), now(), NULL)
       ON CONFLICT (name) DO UPDATE SET cursor = NULL, rows_done = 0, rows_total = $2, batches = 0, started_at = now(), updated_at = now(), finished_at = NULL`,
      [backfill.name, total],
    );
    state = (await readState(session, backfill.name))!;
  }
  let cursor = state.cursor;
  let touched = 0;
  let attempts = 1;
  const audit = (error: string | null) =>
    appendAudit(session, {
      migration: `backfill:${backfill.name}`,
      direction: "backfill",
      checksum: null,
      startedAt: started,
      durationMs: Date.now() - started.getTime(),
      result: error === null ? "completed" : "failed",
      attempts,
      error,
      rowsTouched: touched,
    });
  try {
    for (;;) {
      let result: BatchResult | undefined;
      for (let attempt = 1; !result; attempt++) {
        try {
          await session.query("BEGIN");
          await session.query(`SET LOCAL lock_timeout = ${options.lockTimeoutMs ?? 1_000}`);
          await session.query(`SET LOCAL statement_timeout = ${options.statementTimeoutMs ?? 15_000}`);
          const batch = await backfill.runBatch(session, cursor, batchSize);
          await session.query(
            `UPDATE ${backfillTable} SET cursor = $2, rows_done = rows_done + $3, rows_total = GREATEST(rows_total, rows_done + $3),
                    batches = batches + 1, updated_at = now(), finished_at = CASE WHEN $2::jsonb IS NULL THEN now() END
              WHERE name = $1`,
            [backfill.name, batch.cursor === null ? null : JSON.stringify(batch.cursor), batch.visited],
          );
          await session.query("COMMIT");
          result = batch;
        } catch (err) {
          await session.query("ROLLBACK").catch(() => undefined);
          const code = sqlState(err);
          if ((code === lockNotAvailable || code === "40P01") && attempt <= (options.retries ?? 5)) {
            attempts++;
            await sleep(100 * 2 ** attempt);
            continue;
          }
          throw err;
        }
      }
      touched += result.touched;
      cursor = result.cursor;
      const progress = toProgress(backfill.name, (await readState(session, backfill.name))!);
      options.onProgress?.(progress);
      if (progress.finished || options.signal?.aborted) {
        if (progress.finished) await audit(null);
        return progress;
      }
      if ((options.pauseMs ?? 50) > 0) await sleep(options.pauseMs ?? 50);
    }
  } catch (err) {
    const message = `backfill ${backfill.name} stopped: ${(err instanceof Error ? err.message : String(err)).split("\n")[0]} (progress is saved; run it again to resume)`;
    await audit(message).catch(() => undefined);
    throw new MigrationError(message);
  }
}

/** Every backfill's progress, for `/metrics` (none when the table does not exist yet). */
export async function readBackfillProgress(sequelize: Sequelize): Promise<BackfillProgress[]> {
  const [[table]] = (await sequelize.query(`SELECT to_regclass('${backfillTable}') IS NOT NULL AS present`)) as [Array<{ present: boolean }>, unknown];
  if (!table?.present) return [];
  const [rows] = (await sequelize.query(`SELECT name, rows_done, rows_total, batches, finished_at FROM ${backfillTable} ORDER BY name`)) as [
    Array<StateRow & { name: string }>,
    unknown,
  ];
  return rows.map((row) => toProgress(row.name, row));
}
