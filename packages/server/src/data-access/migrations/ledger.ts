import { hostname, userInfo } from "node:os";
import type { MigrationSession } from "./session.js";

/** Applied migrations, one row each (the runner's own bookkeeping, not a migration). */
export const ledgerTable = "intro_page_migrations";
/** Every run of every migration and backfill; rows are only ever inserted. */
export const auditTable = "intro_page_migration_audit";
/** Where each backfill stands, so it resumes after a crash and /metrics can report it. */
export const backfillTable = "intro_page_backfills";

/** One applied migration as the database remembers it. */
export interface AppliedMigration {
  name: string;
  checksum: string | null;
  appliedAt: Date;
}

/** What one run of a migration or backfill did, as the audit table keeps it. */
export interface AuditEntry {
  migration: string;
  direction: "up" | "down" | "rollback" | "backfill" | "restore";
  checksum: string | null;
  startedAt: Date;
  durationMs: number;
  result: "applied" | "reverted" | "failed" | "completed";
  attempts: number;
  error: string | null;
  rowsTouched: number;
}

/** An audit row as `status` shows it. */
export interface AuditRecord extends AuditEntry {
  id: number;
  actor: string;
  host: string;
}

// The trigger is what makes the table append-only: even its owner cannot update or delete a row.
const bootstrap = `
CREATE TABLE IF NOT EXISTS ${ledgerTable} (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());
ALTER TABLE ${ledgerTable} ADD COLUMN IF NOT EXISTS checksum text;
CREATE TABLE IF NOT EXISTS ${auditTable} (
  id bigserial PRIMARY KEY,
  migration text NOT NULL,
  direction text NOT NULL CHECK (direction IN ('up', 'down', 'rollback', 'backfill', 'restore')),
  checksum text,
  actor text NOT NULL,
  host text NOT NULL,
  started_at timestamptz NOT NULL,
  duration_ms integer NOT NULL,
  result text NOT NULL CHECK (result IN ('applied', 'reverted', 'failed', 'completed')),
  attempts integer NOT NULL,
  error text,
  rows_touched bigint NOT NULL
);
CREATE OR REPLACE FUNCTION ${auditTable}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '${auditTable} is append-only: % is not allowed', TG_OP;
END $$;
CREATE OR REPLACE TRIGGER ${auditTable}_no_change BEFORE UPDATE OR DELETE ON ${auditTable}
  FOR EACH ROW EXECUTE FUNCTION ${auditTable}_append_only();
CREATE OR REPLACE TRIGGER ${auditTable}_no_truncate BEFORE TRUNCATE ON ${auditTable}
  FOR EACH STATEMENT EXECUTE FUNCTION ${auditTable}_append_only();
CREATE TABLE IF NOT EXISTS ${backfillTable} (
  name text PRIMARY KEY,
  cursor jsonb,
  rows_done bigint NOT NULL DEFAULT 0,
  rows_total bigint NOT NULL DEFAULT 0,
  batches integer NOT NULL DEFAULT 0,
  started_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);`;

/** Creates the bookkeeping tables when any is missing (call while holding the run lock). */
export async function ensureLedger(session: MigrationSession): Promise<void> {
  const [state] = (
    await session.query<{ ready: boolean }>(
      `SELECT to_regclass($1) IS NOT NULL AND to_regclass($2) IS NOT NULL
              AND EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass($3) AND attname = 'checksum' AND NOT attisdropped) AS ready`,
      [auditTable, backfillTable, ledgerTable],
    )
  ).rows;
  if (state?.ready) return;
  await session.query("BEGIN");
  try {
    await session.query(bootstrap);
    await session.query("COMMIT");
  } catch (err) {
    await session.query("ROLLBACK");
    throw err;
  }
}

/** Whether the bookkeeping tables exist (read-only commands work on a database that has none). */
async function ledgerExists(session: MigrationSession): Promise<boolean> {
  const [row] = (await session.query<{ exists: boolean }>("SELECT to_regclass($1) IS NOT NULL AS exists", [ledgerTable])).rows;
  return row?.exists ?? false;
}

/** The applied migrations in name order; none when the ledger does not exist yet. */
export async function readApplied(session: MigrationSession): Promise<AppliedMigration[]> {
  if (!(await ledgerExists(session))) return [];
  const hasChecksum = (await session.query("SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass($1) AND attname = 'checksum' AND NOT attisdropped", [ledgerTable])).rows.length > 0;
  const { rows } = await session.query<{ name: string; checksum: string | null; applied_at: Date }>(
    `SELECT name, ${hasChecksum ? "checksum" : "NULL AS checksum"}, applied_at FROM ${ledgerTable} ORDER BY name`,
  );
  return rows.map((row) => ({ name: row.name, checksum: row.checksum, appliedAt: new Date(row.applied_at) }));
}

/** SQL that records an applied migration (run inside the migration's own transaction). */
export const recordApplied = (session: MigrationSession, name: string, checksum: string) =>
  session.query(`INSERT INTO ${ledgerTable} (name, checksum) VALUES ($1, $2)`, [name, checksum]);

/** SQL that forgets a reverted migration (run inside the revert's transaction). */
export const forgetApplied = (session: MigrationSession, name: string) => session.query(`DELETE FROM ${ledgerTable} WHERE name = $1`, [name]);

/** Records the checksum of a migration applied before checksums were kept (the old ledger had none). */
export const adoptChecksum = (session: MigrationSession, name: string, checksum: string) =>
  session.query(`UPDATE ${ledgerTable} SET checksum = $2 WHERE name = $1 AND checksum IS NULL`, [name, checksum]);

/** Who runs the migration: the OS user and the database role. */
async function actor(session: MigrationSession): Promise<string> {
  const [row] = (await session.query<{ role: string }>("SELECT current_user AS role")).rows;
  let osUser = "unknown";
  try {
    osUser = userInfo().username;
  } catch {
    // No passwd entry (some containers): the database role still says who.
  }
  return `${osUser} as ${row?.role ?? "unknown"}`;
}

/** Appends one run to the audit table (outside the run's transaction, so a failed run is recorded too). */
export async function appendAudit(session: MigrationSession, entry: AuditEntry): Promise<void> {
  await session.query(
    `INSERT INTO ${auditTable} (migration, direction, checksum, actor, host, started_at, duration_ms, result, attempts, error, rows_touched)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      entry.migration,
      entry.direction,
      entry.checksum,
      await actor(session),
      hostname(),
      entry.startedAt,
      Math.round(entry.durationMs),
      entry.result,
      entry.attempts,
      entry.error,
      entry.rowsTouched,
    ],
  );
}

/** The newest audit rows, newest first. */
export async function readAudit(session: MigrationSession, limit = 20): Promise<AuditRecord[]> {
  if ((await session.query("SELECT 1 WHERE to_regclass($1) IS NOT NULL", [auditTable])).rows.length === 0) return [];
  const { rows } = await session.query<Record<string, unknown>>(`SELECT * FROM ${auditTable} ORDER BY id DESC LIMIT $1`, [limit]);
  return rows.map((row) => ({
    id: Number(row.id),
    migration: String(row.migration),
    direction: row.direction as AuditEntry["direction"],
    checksum: (row.checksum as string | null) ?? null,
    actor: String(row.actor),
    host: String(row.host),
    startedAt: new Date(row.started_at as string),
    durationMs: Number(row.duration_ms),
    result: row.result as AuditEntry["result"],
    attempts: Number(row.attempts),
    error: (row.error as string | null) ?? null,
    rowsTouched: Number(row.rows_touched),
  }));
}
