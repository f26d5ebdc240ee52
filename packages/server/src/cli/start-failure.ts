import type { Config } from "../config/config.js";

/** The codes a failed connection carries: Node's (`ECONNREFUSED`) or PostgreSQL's SQLSTATE (`28P01`). */
function codesOf(err: unknown): string[] {
  const codes: string[] = [];
  for (let at: unknown = err, depth = 0; at && typeof at === "object" && depth < 5; depth++) {
    const { code, original, parent, cause } = at as { code?: unknown; original?: unknown; parent?: unknown; cause?: unknown };
    if (typeof code === "string") codes.push(code);
    at = original ?? parent ?? cause;
  }
  return codes;
}

/** `host:port/database` of a PostgreSQL URL, without the user or password. */
function whereIs(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`;
  } catch {
    return "DATABASE_URL";
  }
}

const postgresReasons: Record<string, string> = {
  ECONNREFUSED: "connection refused (is PostgreSQL running and listening there?)",
  ENOTFOUND: "the host name does not resolve",
  EAI_AGAIN: "the host name could not be resolved (DNS)",
  ETIMEDOUT: "the connection timed out: a firewall, or the wrong host",
  EHOSTUNREACH: "the host is unreachable",
  "28P01": "the password was refused",
  "28000": "the role may not log in (pg_hba.conf or the role's LOGIN attribute)",
  "3D000": "that database does not exist: create it first (createdb)",
  "57P03": "PostgreSQL is starting up or shutting down (try again in a moment)",
};

/**
 * One line for an operator saying why the server could not start, instead of
 * a driver's stack trace: what it tried to reach, what went wrong and what to
 * do. The stack is still logged at debug level (LOG_LEVEL=debug).
 */
export function describeStartFailure(err: unknown, config: Pick<Config, "DATABASE_URL">): string {
  const codes = codesOf(err);
  const reason = codes.map((code) => postgresReasons[code]).find(Boolean);
  if (config.DATABASE_URL && reason) {
    return `intro-page could not start: PostgreSQL at ${whereIs(config.DATABASE_URL)}: ${reason}. Check DATABASE_URL, or unset it to use the embedded database.`;
  }
  const message = err instanceof Error ? err.message : String(err);
  return `intro-page could not start: ${message.split("\n")[0]}${codes.length ? ` (${codes[0]})` : ""}`;
}
