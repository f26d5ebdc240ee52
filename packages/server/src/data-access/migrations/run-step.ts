import { setTimeout as sleep } from "node:timers/promises";
import { MigrationError } from "./migration-error.js";
import { lockNotAvailable, sqlState } from "./run-lock.js";
import type { MigrationSession } from "./session.js";
import type { SqlStatement } from "./sql-statements.js";

/** How long one step may wait for a lock or run, and how often it tries again when a lock is not granted. */
export interface TimeoutPolicy {
  /** lock_timeout for every statement; overrides the file's own `SET lock_timeout`. Default: the file's, else 2 s. */
  lockTimeoutMs?: number | undefined;
  /** statement_timeout for every statement; overrides the file's own. Default: the file's, else 60 s. */
  statementTimeoutMs?: number | undefined;
  /** Further attempts after a lock timeout or deadlock (default 4). */
  retries?: number | undefined;
  /** Wait before the first retry, doubled each time, with jitter (default 500 ms). */
  retryDelayMs?: number | undefined;
}

/** What a step did. */
export interface StepResult {
  attempts: number;
  rowsTouched: number;
}

/** A step that failed and was rolled back; its message names the statement and the reason. */
export class StepFailure extends MigrationError {
  constructor(
    message: string,
    /** SQLSTATE of the failure, when PostgreSQL reported one. */
    readonly sqlState: string | undefined,
    readonly attempts: number,
  ) {
    super(message);
  }
}

const defaultLockTimeoutMs = 2_000;
const defaultStatementTimeoutMs = 60_000;
/** lock_not_available and deadlock_detected: both mean "try again later", not "this SQL is wrong". */
const retryable = new Set([lockNotAvailable, "40P01"]);
const setPattern = /^SET\s+(?:SESSION\s+|LOCAL\s+)?([a-z_.]+)\s*(?:=|TO)\s*(.+)$/i;

/** Milliseconds in a PostgreSQL duration literal ('2s', '500ms', 1000), for messages. */
function durationMs(value: string): number | undefined {
  const match = /^'?\s*(\d+(?:\.\d+)?)\s*(ms|s|min)?\s*'?$/i.exec(value.trim());
  if (!match) return undefined;
  const unit = (match[2] ?? "ms").toLowerCase();
  return Number(match[1]) * (unit === "s" ? 1_000 : unit === "min" ? 60_000 : 1);
}

/** Rewrites a statement so its settings last only for the step; explicit policy timeouts win over the file's. */
function scoped(statement: SqlStatement, policy: TimeoutPolicy, scope: "LOCAL" | "SESSION", effective: { lockMs: number }): string {
  const match = setPattern.exec(statement.text);
  if (!match) return statement.source;
  const [, name, value] = match as unknown as [string, string, string];
  const lower = name.toLowerCase();
  const override = lower === "lock_timeout" ? policy.lockTimeoutMs : lower === "statement_timeout" ? policy.statementTimeoutMs : undefined;
  const finalValue = override !== undefined ? String(override) : value;
  if (lower === "lock_timeout") effective.lockMs = durationMs(finalValue) ?? effective.lockMs;
  return `SET ${scope} ${name} = ${finalValue}`;
}

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err)).split("\n")[0];

/** Why a statement failed, in the words an operator needs: the lock it waited for, the timeout, or PostgreSQL's message. */
function failureReason(err: unknown, lockMs: number, attempts: number): string {
  const code = sqlState(err);
  if (code === lockNotAvailable) return `could not get its lock within ${lockMs} ms on any of ${attempts} attempts (a long transaction holds the table)`;
  if (code === "57014") return "ran past statement_timeout";
  return `failed${code ? ` (${code})` : ""}: ${describe(err)}`;
}

/**
 * Runs one migration step — `beforeStatements` (a verification snapshot),
 * its statements, then `beforeCommit` (the ledger row, verification) — in one transaction with lock_timeout and
 * statement_timeout set for it alone. Any failure rolls the whole step back;
 * a lock that was not granted (or a deadlock) is retried with backoff up to
 * `retries` times, so a busy table never queues traffic behind a waiting
 * ALTER for longer than one lock_timeout.
 */
export async function runStep(
  session: MigrationSession,
  label: string,
  statements: SqlStatement[],
  policy: TimeoutPolicy,
  beforeCommit: () => Promise<void>,
  onRetry: (message: string) => void = () => undefined,
  beforeStatements?: () => Promise<void>,
): Promise<StepResult> {
  const retries = policy.retries ?? 4;
  const firstDelay = policy.retryDelayMs ?? 500;
  for (let attempt = 1; ; attempt++) {
    const effective = { lockMs: policy.lockTimeoutMs ?? defaultLockTimeoutMs };
    let current: SqlStatement | undefined;
    let rowsTouched = 0;
    try {
      await session.query("BEGIN");
      await session.query(`SET LOCAL lock_timeout = ${policy.lockTimeoutMs ?? defaultLockTimeoutMs}`);
      await session.query(`SET LOCAL statement_timeout = ${policy.statementTimeoutMs ?? defaultStatementTimeoutMs}`);
      await beforeStatements?.();
      for (const statement of statements) {
        current = statement;
        rowsTouched += (await session.query(scoped(statement, policy, "LOCAL", effective))).rowCount;
      }
      current = undefined;
      await beforeCommit();
      await session.query("COMMIT");
      return { attempts: attempt, rowsTouched };
    } catch (err) {
      await session.query("ROLLBACK").catch(() => undefined);
      const code = sqlState(err);
      const where = current ? `statement at line ${current.line}` : "verification";
      if (code !== undefined && retryable.has(code) && attempt <= retries) {
        const waitMs = Math.round(firstDelay * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5));
        onRetry(`${label}: ${where} ${code === lockNotAvailable ? `did not get its lock within ${effective.lockMs} ms` : "hit a deadlock"} (attempt ${attempt} of ${retries + 1}); rolled back, retrying in ${waitMs} ms`);
        await sleep(waitMs);
        continue;
      }
      if (err instanceof MigrationError && !(err instanceof StepFailure)) throw new StepFailure(`${label}: ${err.message}; rolled back, nothing changed`, code, attempt);
      throw new StepFailure(`${label}: ${where} ${failureReason(err, effective.lockMs, attempt)}; rolled back, nothing changed`, code, attempt);
    }
  }
}

/**
 * Runs a `-- migrate:no-transaction` step: each statement alone (CREATE
 * INDEX CONCURRENTLY cannot run in a transaction block), with session-level
 * timeouts reset afterwards. A statement whose lock was not granted had no
 * effect, so it is retried like a transactional step (except CREATE INDEX
 * CONCURRENTLY, which can leave an invalid index behind). There is no
 * transaction to roll back: on failure the caller runs the migration's down
 * file, which must therefore tolerate partial state (IF EXISTS).
 */
export async function runStepWithoutTransaction(
  session: MigrationSession,
  label: string,
  statements: SqlStatement[],
  policy: TimeoutPolicy,
  afterAll: () => Promise<void>,
  onRetry: (message: string) => void = () => undefined,
): Promise<StepResult> {
  const effective = { lockMs: policy.lockTimeoutMs ?? defaultLockTimeoutMs };
  const retries = policy.retries ?? 4;
  const firstDelay = policy.retryDelayMs ?? 500;
  let rowsTouched = 0;
  let attempts = 1;
  try {
    await session.query(`SET lock_timeout = ${policy.lockTimeoutMs ?? defaultLockTimeoutMs}`);
    await session.query(`SET statement_timeout = ${policy.statementTimeoutMs ?? defaultStatementTimeoutMs}`);
    for (const statement of statements) {
      const retryable_ = !/^CREATE\s+(UNIQUE\s+)?INDEX\s+CONCURRENTLY/i.test(statement.text);
      for (let attempt = 1; ; attempt++) {
        try {
          rowsTouched += (await session.query(scoped(statement, policy, "SESSION", effective))).rowCount;
          break;
        } catch (err) {
          const code = sqlState(err);
          if (retryable_ && code !== undefined && retryable.has(code) && attempt <= retries) {
            const waitMs = Math.round(firstDelay * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5));
            onRetry(`${label}: statement at line ${statement.line} did not get its lock within ${effective.lockMs} ms (attempt ${attempt} of ${retries + 1}); retrying in ${waitMs} ms`);
            attempts++;
            await sleep(waitMs);
            continue;
          }
          throw new StepFailure(`${label}: statement at line ${statement.line} ${failureReason(err, effective.lockMs, attempt)}`, code, attempts);
        }
      }
    }
    try {
      await afterAll();
    } catch (err) {
      if (err instanceof MigrationError) throw new StepFailure(`${label}: ${err.message}`, undefined, attempts);
      throw err;
    }
    return { attempts, rowsTouched };
  } finally {
    await session.query("RESET lock_timeout").catch(() => undefined);
    await session.query("RESET statement_timeout").catch(() => undefined);
  }
}
