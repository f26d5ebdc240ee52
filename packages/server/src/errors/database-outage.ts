import { ConnectionError, DatabaseError, TimeoutError } from "sequelize";

/**
 * PostgreSQL SQLSTATEs that mean "the database cannot serve right now", not
 * "this request is wrong": connection exceptions (08), shutdown and
 * start-up (57P01-57P03), too many connections (53300), statement timeout
 * or cancellation (57014).
 */
const UNAVAILABLE_CODES = /^(08\d\d\d|57P0[1-3]|53300|57014)$/;

/** Errors pg raises when the link itself failed (not a SQLSTATE). */
const LINK_FAILURES = /Query read timeout|Connection terminated|ECONNRESET|ECONNREFUSED|EPIPE|timeout exceeded when trying to connect|Client has encountered a connection error/i;

/** True when pg's `message` says the connection itself failed, so it must not be used again. */
export const isLinkFailure = (message: string | undefined): boolean => LINK_FAILURES.test(message ?? "");

/**
 * True when `err` says the database is unreachable, stalled, overloaded or
 * restarting, so the client should retry later (503 with Retry-After)
 * instead of being told its request failed (500).
 */
export function isDatabaseOutage(err: unknown): boolean {
  if (err instanceof ConnectionError || err instanceof TimeoutError) return true;
  if (!(err instanceof DatabaseError)) return false;
  const parent = err.parent as Error & { code?: unknown };
  return (typeof parent.code === "string" && UNAVAILABLE_CODES.test(parent.code)) || isLinkFailure(parent.message);
}
