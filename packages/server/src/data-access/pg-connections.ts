import type { Sequelize, Transaction } from "sequelize";

/** What a query returned on a pg client. */
export interface PgResult {
  rows: unknown[];
  rowCount: number | null;
}

/** The result of the last statement: a query string holding several statements answers with one result each. */
export const lastResult = (result: PgResult | PgResult[]): PgResult | undefined => (Array.isArray(result) ? result.at(-1) : result);

/** The parts of a pg client this package uses (Sequelize's postgres connections are pg clients). */
export interface PgClient {
  /** `name` makes it a prepared statement, parsed once per connection. */
  query(config: string | { name?: string; text: string; values?: unknown[] | undefined }, values?: unknown[]): Promise<PgResult | PgResult[]>;
  processID?: number;
  /** Set on a connection whose link failed: Sequelize's pool then destroys it instead of handing it out again. */
  _invalid?: boolean;
}

/** Sequelize's connection pool, as pg clients. */
export interface PgPool {
  getConnection(options: { type: "read" | "write" }): Promise<PgClient>;
  releaseConnection(connection: PgClient): Promise<void> | void;
}

/** The pool of the Sequelize instance (the connections it made, with its type parsers and session settings). */
export const poolOf = (sequelize: Sequelize): PgPool => sequelize.connectionManager as unknown as PgPool;

/** The connection a Sequelize transaction runs on. */
export const connectionOf = (transaction: Transaction): PgClient => (transaction as unknown as { connection: PgClient }).connection;
