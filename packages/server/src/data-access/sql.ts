import { QueryTypes, type Sequelize, type Transaction } from "sequelize";
import { isLinkFailure } from "../errors/database-outage.js";
import { connectionOf, lastResult, poolOf, type PgClient, type PgResult } from "./pg-connections.js";
import { isoInstant } from "../vocabulary/iso-instant.js";

/** PostgreSQL's answer when a prepared statement's result columns changed under it (a migration altered a column it reads). */
const STALE_PLAN = "0A000";

/** Names of prepared statements by SQL text, bounded: statements past the bound run unnamed (parsed each time). */
const statementNames = new Map<string, string>();
const maxStatementNames = 256;
let statementsNamed = 0;

/**
 * PostgreSQL's answers when a connection's session is not its own: a name this connection never prepared already
 * exists there (42P05), or one it prepared is gone (26000). A pooler in transaction mode hands each statement to
 * whichever server session is free; PGlite's socket server gives all its clients one session.
 */
const SESSION_NOT_OWN = new Set(["42P05", "26000"]);

/** Sequelize instances whose reads must not use prepared statements (DATABASE_PREPARED_STATEMENTS=false, or found shared). */
const unprepared = new WeakSet<Sequelize>();
/** Who hears that a database's sessions turned out to be shared (and its reads now run unnamed). */
const sharedSessionListeners = new WeakMap<Sequelize, () => void>();

/**
 * Applies DATABASE_PREPARED_STATEMENTS to `sequelize`: false makes its reads run unnamed (parsed and planned by
 * PostgreSQL every time). Left on, they run unnamed from the first sign that sessions are shared
 * (`SESSION_NOT_OWN`), and `onSharedSession` is called once then.
 */
export function usePreparedStatements(sequelize: Sequelize, enabled: boolean | undefined, onSharedSession?: () => void): void {
  if (enabled === false) unprepared.add(sequelize);
  else if (onSharedSession) sharedSessionListeners.set(sequelize, onSharedSession);
}

function statementName(sql: string): string | undefined {
  let name = statementNames.get(sql);
  if (name === undefined && statementNames.size < maxStatementNames) {
    name = `intro_page_${++statementsNamed}`;
    statementNames.set(sql, name);
  }
  return name;
}

/**
 * Runs one parameterized statement on a connection of Sequelize's pool (or
 * the transaction's), straight through pg. Sequelize's own `query()` costs
 * more than the round trip for the short statements a page runs (option
 * merging, a captured stack per query, result post-processing); its pool,
 * transactions, session settings and type parsers are kept. Reads outside a
 * transaction run as named prepared statements, so PostgreSQL parses and
 * plans each once per connection (measured: 80 → 32 µs of its CPU per
 * lookup, docs/performance.md). A failure is
 * reported as the Sequelize error the same statement would have raised
 * (`errors/database-outage.ts` tells outages from bad requests by them).
 */
async function run(sequelize: Sequelize, sql: string, bind: unknown[], transaction: Transaction | undefined, read: boolean): Promise<PgResult> {
  // PostgreSQL refuses NUL in text; Sequelize escapes it in bind values, so this does too.
  const values = bind.map((value) => (typeof value === "string" && value.includes("\0") ? value.replace(/\0/g, "\\0") : value));
  const pool = poolOf(sequelize);
  const connection = transaction ? connectionOf(transaction) : await pool.getConnection({ type: "read" });
  try {
    const name = read && !transaction && !unprepared.has(sequelize) ? statementName(sql) : undefined;
    try {
      return lastResult(await connection.query(name ? { name, text: sql, values } : { text: sql, values }))!;
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (name && SESSION_NOT_OWN.has(code as string)) {
        // Named statements cannot work on shared sessions: this database's reads run unnamed from now on, this one too.
        if (!unprepared.has(sequelize)) {
          unprepared.add(sequelize);
          sharedSessionListeners.get(sequelize)?.();
        }
        return lastResult(await connection.query({ text: sql, values }))!;
      }
      if (!name || code !== STALE_PLAN) throw err;
      // Planned for columns a migration has since changed: the text gets a new name, so every connection parses
      // it afresh (the old statement stays behind on its connections, unused).
      if (statementNames.get(sql) === name) statementNames.set(sql, `intro_page_${++statementsNamed}`);
      return lastResult(await connection.query({ name: statementNames.get(sql)!, text: sql, values }))!;
    }
  } catch (err) {
    throw asSequelizeError(sequelize, connection, err, sql, values);
  } finally {
    if (!transaction) void pool.releaseConnection(connection);
  }
}

/** The error Sequelize's postgres dialect raises for `err` (DatabaseError, UniqueConstraintError, …), the link marked broken where it is. */
function asSequelizeError(sequelize: Sequelize, connection: PgClient, err: unknown, sql: string, values: unknown[]): Error {
  if (err instanceof Error && isLinkFailure(err.message)) connection._invalid = true;
  Object.assign(err as object, { sql, parameters: values });
  const Query = (sequelize as unknown as { dialect: { Query: new (connection: PgClient, sequelize: Sequelize, options: object) => { formatError(err: unknown, stack?: string): Error } } }).dialect.Query;
  return new Query(connection, sequelize, { type: QueryTypes.SELECT }).formatError(err, new Error().stack);
}

/** Runs a parameterized SELECT (`$1`, `$2` …) and returns plain rows. */
export async function selectRows<T extends object>(sequelize: Sequelize, sql: string, bind: unknown[] = [], transaction?: Transaction): Promise<T[]> {
  return (await run(sequelize, sql, bind, transaction, true)).rows as T[];
}

/** Runs a parameterized write; returns the rows of its RETURNING clause (empty without one). */
export async function execute<T extends object = Record<string, unknown>>(
  sequelize: Sequelize,
  sql: string,
  bind: unknown[] = [],
  transaction?: Transaction,
): Promise<T[]> {
  return (await run(sequelize, sql, bind, transaction, false)).rows as T[];
}

/** A timestamp as PostgreSQL writes it in JSON in a UTC session (Sequelize sets the session's time zone to +00:00). */
const utcTimestamp = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?\+00:00$/;

/**
 * A timestamp as ISO 8601 (UTC, milliseconds, as `Date.toISOString`): pg
 * returns Date for timestamptz, JSON (`combined-reads.ts`) text with an
 * offset. UTC text is rewritten without parsing a Date (a tenth of the
 * time); anything else goes through Date. The timestamps of the reads whose
 * JSON PostgreSQL writes (the feed, open items) come from `isoTextSql`.
 */
export function iso(value: Date | string): string {
  if (typeof value !== "string") return isoInstant(value);
  const utc = utcTimestamp.exec(value);
  // Microseconds are cut to milliseconds, as Date parses them.
  return utc ? `${utc[1]}.${(utc[2] ?? "").padEnd(3, "0").slice(0, 3)}Z` : new Date(value).toISOString();
}

/** A timestamp column as ISO 8601, or null. */
export const isoOrNull = (value: Date | string | null | undefined): string | null => (value === null || value === undefined ? null : iso(value));

/** SQL for a timestamp as `iso` writes it (`Date.toISOString`: UTC, microseconds cut to milliseconds). */
export const isoTextSql = (timestamp: string): string => `to_char((${timestamp}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** SQL for the JSON text of a value (`null` for NULL), escaped as JSON.stringify escapes strings. */
export const jsonValueSql = (expression: string): string => `coalesce(to_json(${expression})::text, 'null')`;

/** A member of `jsonObjectSql`: its key and SQL for its JSON text, and, for a member that may be left out, when it is present. */
export type JsonMemberSql = readonly [key: string, json: string, presentWhen?: string];

/**
 * SQL that writes a JSON object's text, as compact as `JSON.stringify` and
 * with the members in the order given, so text a statement writes can go to
 * a client without being parsed and serialized again
 * (`data-access/activity-repository.ts`). The first member is always present.
 */
export function jsonObjectSql(members: readonly JsonMemberSql[]): string {
  const parts = members.map(([key, json, presentWhen], i) => {
    if (!/^[A-Za-z]\w*$/.test(key)) throw new Error(`not a plain JSON key: ${key}`);
    if (i === 0 && presentWhen !== undefined) throw new Error("the first member of a JSON object must always be present");
    const member = `'${i === 0 ? "" : ","}"${key}":' || ${json}`;
    return presentWhen === undefined ? member : `CASE WHEN ${presentWhen} THEN ${member} ELSE '' END`;
  });
  return `('{' || ${parts.join(" || ")} || '}')`;
}

/**
 * SQL for an aggregate over rows `f` that have an `item` (JSON text, as `jsonObjectSql` writes it) and their order
 * `n`: the JSON array's text of the items, `[]` for none; `filter` (SQL over `f`) leaves rows out.
 */
export const jsonArrayAggSql = (filter?: string): string => `'[' || coalesce(string_agg(f.item, ',' ORDER BY f.n)${filter ? ` FILTER (WHERE ${filter})` : ""}, '') || ']'`;
