import type { Sequelize } from "sequelize";
import { lastResult, poolOf } from "../pg-connections.js";

/** What a query returned: its rows and how many rows it touched. */
export interface QueryResult<Row> {
  rows: Row[];
  rowCount: number;
}

/**
 * One database connection held for a whole migration run: the advisory lock
 * is a session lock and must be released on the connection that took it,
 * and each step's SET LOCAL timeouts apply to that connection's transaction.
 */
export interface MigrationSession {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<Row>>;
  /** The backend's pid, to tell operators who holds what. */
  readonly pid: number;
  /** Returns the connection to its pool. */
  release(): Promise<void>;
}

/**
 * Takes one connection out of Sequelize's pool for the run (on embedded
 * PGlite the pool's only one, so nothing else queries meanwhile).
 */
export async function openSession(sequelize: Sequelize): Promise<MigrationSession> {
  const manager = poolOf(sequelize);
  const client = await manager.getConnection({ type: "write" });
  const query = async <Row>(sql: string, params?: unknown[]): Promise<QueryResult<Row>> => {
    const last = lastResult(await client.query(sql, params));
    return { rows: (last?.rows ?? []) as Row[], rowCount: last?.rowCount ?? 0 };
  };
  const [{ pid } = { pid: 0 }] = (await query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows;
  let released = false;
  return {
    query,
    pid,
    async release() {
      if (released) return;
      released = true;
      // A connection left inside a failed transaction would poison the pool.
      await client.query("ROLLBACK").catch(() => undefined);
      await manager.releaseConnection(client);
    },
  };
}
