import { MigrationError } from "./migration-error.js";
import type { MigrationSession } from "./session.js";

/** Any constant works; it only has to be the same for every deployer (the old migrator used it too). */
export const runLockId = 74_201_001;

/** SQLSTATE lock_not_available: a lock was not granted within lock_timeout. */
export const lockNotAvailable = "55P03";

/** The PostgreSQL error code of `err`, if it is one. */
export const sqlState = (err: unknown): string | undefined => (err as { code?: string } | undefined)?.code;

/** Who holds the run lock, for the refusal message. */
async function describeHolder(session: MigrationSession): Promise<string> {
  const { rows } = await session.query<{ pid: number; application_name: string; client_addr: string | null; since: Date | null }>(
    `SELECT a.pid, a.application_name, a.client_addr::text AS client_addr, a.xact_start AS since
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = $1 AND a.pid <> pg_backend_pid()`,
    [runLockId],
  );
  const holder = rows[0];
  if (!holder) return "another migration run";
  return `another migration run (pid ${holder.pid}${holder.application_name ? `, ${holder.application_name}` : ""}${holder.client_addr ? ` from ${holder.client_addr}` : ""})`;
}

/**
 * Takes the session-level advisory lock that serializes migration runs,
 * waiting at most `waitMs` (lock_timeout applies to advisory locks too);
 * then refuses with a message naming the holder. Taken in a short
 * transaction so the timeouts are SET LOCAL and do not outlive it.
 */
export async function acquireRunLock(session: MigrationSession, waitMs: number): Promise<void> {
  await session.query("BEGIN");
  try {
    await session.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.round(waitMs))}`);
    await session.query(`SET LOCAL statement_timeout = ${Math.round(waitMs) + 5_000}`);
    await session.query("SELECT pg_advisory_lock($1)", [runLockId]);
    await session.query("COMMIT");
  } catch (err) {
    await session.query("ROLLBACK");
    if (sqlState(err) !== lockNotAvailable) throw err;
    throw new MigrationError(`${await describeHolder(session)} holds the migration lock; gave up after waiting ${(waitMs / 1000).toFixed(1)} s (nothing was changed)`);
  }
}

/** Releases the run lock (also released when the connection closes). */
export async function releaseRunLock(session: MigrationSession): Promise<void> {
  await session.query("SELECT pg_advisory_unlock($1)", [runLockId]);
}
