import { mkdirSync } from "node:fs";
import type { PGlite } from "@electric-sql/pglite";
import type { Logger } from "pino";
import { Sequelize } from "sequelize";
import type { Config } from "../config/config.js";
import { usePreparedStatements } from "./sql.js";

/** The one shared Sequelize instance and how to shut it (and an embedded PGlite) down. */
export interface Database {
  sequelize: Sequelize;
  /** `postgres` for a DATABASE_URL, `pglite` for the embedded one. */
  kind: "postgres" | "pglite";
  /** The embedded database itself, for PGlite (backups dump its data directory). */
  pglite?: PGlite | undefined;
  /** Closes the pool and, for PGlite, the socket server and the database. */
  close(): Promise<void>;
}

/**
 * Connects to PostgreSQL at DATABASE_URL or, when it is unset, starts an
 * embedded PGlite behind a pg-protocol socket on 127.0.0.1:0 so the same
 * Sequelize/pg code path runs against both.
 */
export async function openDatabase(
  config: Pick<Config, "DATABASE_URL" | "PGLITE_DATA_DIR" | "DATABASE_POOL_MAX"> &
    Partial<Pick<Config, "DATABASE_ACQUIRE_TIMEOUT_MS" | "DATABASE_CONNECT_TIMEOUT_MS" | "DATABASE_QUERY_TIMEOUT_MS" | "DATABASE_PREPARED_STATEMENTS">>,
  logger?: Logger,
): Promise<Database> {
  if (config.DATABASE_URL) {
    const sequelize = new Sequelize(config.DATABASE_URL, {
      dialect: "postgres",
      logging: false,
      // Connections once opened are kept (min = max; a fixed-size pool): one closed after a quiet spell must be opened
      // again, and its statements planned again, by the first requests of the next burst, which blew their
      // section budgets and opened the circuits (docs/performance.md). Size the database for instances × max anyway.
      pool: { max: config.DATABASE_POOL_MAX, min: config.DATABASE_POOL_MAX, idle: 10_000, acquire: config.DATABASE_ACQUIRE_TIMEOUT_MS ?? 5_000 },
      dialectOptions: {
        // A runaway query must not hold a connection forever.
        statement_timeout: 5_000,
        // A stalled network (partition) is invisible to the server: bound the connect and each answer client-side too.
        connectionTimeoutMillis: config.DATABASE_CONNECT_TIMEOUT_MS ?? 3_000,
        query_timeout: config.DATABASE_QUERY_TIMEOUT_MS ?? 6_000,
        keepAlive: true,
        application_name: "intro-page",
        // Prepared reads are planned once per connection, not again for each call's values: PostgreSQL's default
        // re-planned a page's combined read on every call, half of the CPU it spent on a page (docs/performance.md).
        // Every read here is keyed by user, so the one plan fits all values. Without prepared statements (poolers
        // that cannot keep them) the startup option is left out too.
        ...(config.DATABASE_PREPARED_STATEMENTS === false ? {} : { options: "-c plan_cache_mode=force_generic_plan" }),
      },
    });
    usePreparedStatements(sequelize, config.DATABASE_PREPARED_STATEMENTS, () =>
      logger?.warn(
        "prepared statements are not kept by this database's sessions (a pooler in transaction mode?): reads now run unnamed; set DATABASE_PREPARED_STATEMENTS=false to start that way",
      ),
    );
    await sequelize.authenticate();
    return { sequelize, kind: "postgres", close: () => sequelize.close() };
  }

  if (config.PGLITE_DATA_DIR) mkdirSync(config.PGLITE_DATA_DIR, { recursive: true });
  // Loaded only here: a server on PostgreSQL never holds the embedded engine's code in memory.
  const [{ PGlite }, { PGLiteSocketServer }] = await Promise.all([import("@electric-sql/pglite"), import("@electric-sql/pglite-socket")]);
  const pglite = config.PGLITE_DATA_DIR ? new PGlite(config.PGLITE_DATA_DIR) : new PGlite();
  await pglite.waitReady;
  const socket = new PGLiteSocketServer({ db: pglite, host: "127.0.0.1", port: 0 });
  await socket.start();
  const sequelize = new Sequelize(`postgres://postgres@${socket.getServerConn()}/postgres`, {
    dialect: "postgres",
    logging: false,
    // PGlite is single-connection: every query inside a transaction must pass { transaction }.
    pool: { max: 1, min: 0, idle: 60_000, acquire: 30_000 },
  });
  usePreparedStatements(sequelize, config.DATABASE_PREPARED_STATEMENTS);
  await sequelize.authenticate();
  logger?.info({ dataDir: config.PGLITE_DATA_DIR ?? "memory" }, "embedded PGlite database started");
  return {
    sequelize,
    kind: "pglite",
    pglite,
    async close() {
      await sequelize.close();
      await socket.stop();
      await pglite.close();
    },
  };
}
