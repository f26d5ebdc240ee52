// The statement path of every repository (src/data-access/sql.ts), over the file's own database: PostgreSQL when
// TEST_DATABASE_URL is set, else embedded PGlite.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Logger } from "pino";
import { DatabaseError, UniqueConstraintError } from "sequelize";
import { openDatabase, type Database } from "../src/data-access/database.js";
import { execute, selectRows } from "../src/data-access/sql.js";
import { isDatabaseOutage } from "../src/errors/database-outage.js";
import { createTestDatabase, TEST_DATABASE_URL, type TestDatabase } from "./support/database.js";

let testDatabase: TestDatabase;
const open: Database[] = [];
beforeAll(async () => {
  testDatabase = await createTestDatabase("sql");
});
afterAll(async () => {
  for (const database of open.splice(0)) await database.close();
  await testDatabase?.drop();
});

/** A database over the file's own, with one pooled connection so a test can look at that connection's session. */
async function connect(preparedStatements = true): Promise<Database> {
  const database = await openDatabase({ DATABASE_URL: testDatabase.url, PGLITE_DATA_DIR: undefined, DATABASE_POOL_MAX: 1, DATABASE_PREPARED_STATEMENTS: preparedStatements });
  open.push(database);
  return database;
}

const preparedNames = async ({ sequelize }: Database) =>
  (await selectRows<{ name: string }>(sequelize, "SELECT name FROM pg_prepared_statements WHERE name LIKE 'intro_page_%'")).map((row) => row.name);

describe("running statements", () => {
  it("when a read runs, then it is a prepared statement of its connection, and its rows come back typed as pg parses them", async () => {
    const database = await connect();
    await execute(database.sequelize, "CREATE TABLE IF NOT EXISTS sql_reads (id text PRIMARY KEY, at timestamptz NOT NULL, n bigint NOT NULL)");
    await execute(database.sequelize, "INSERT INTO sql_reads VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING", ["a", new Date("2026-01-02T03:04:05.678Z"), 7]);
    const rows = await selectRows<{ id: string; at: Date; n: string }>(database.sequelize, "SELECT id, at, n FROM sql_reads WHERE id = $1", ["a"]);
    expect(rows).toEqual([{ id: "a", at: new Date("2026-01-02T03:04:05.678Z"), n: "7" }]);
    expect((await preparedNames(database)).length).toBeGreaterThan(0);
  });

  it("when prepared statements are switched off (DATABASE_PREPARED_STATEMENTS=false), then reads run unnamed", async () => {
    const database = await connect(false);
    await selectRows(database.sequelize, "SELECT 1 AS one WHERE $1::int = 1", [1]);
    expect(await preparedNames(database)).toEqual([]);
  });

  it("when the database's sessions are shared (two clients of one PGlite socket, as behind a pooler in transaction mode), then reads answer on both, the second's run unnamed from then on, and it warns once", async () => {
    const { PGlite } = await import("@electric-sql/pglite");
    const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
    const pglite = new PGlite();
    const socket = new PGLiteSocketServer({ db: pglite, host: "127.0.0.1", port: 0, maxConnections: 4 });
    await socket.start();
    const warnings: unknown[] = [];
    const logger = { warn: (...args: unknown[]) => warnings.push(args), info: () => undefined } as unknown as Logger;
    const url = `postgres://postgres@${socket.getServerConn()}/postgres`;
    const [first, second] = [await openDatabase({ DATABASE_URL: url, PGLITE_DATA_DIR: undefined, DATABASE_POOL_MAX: 1 }, logger), await openDatabase({ DATABASE_URL: url, PGLITE_DATA_DIR: undefined, DATABASE_POOL_MAX: 1 }, logger)];
    try {
      const read = (database: Database, sql: string) => selectRows<{ n: number }>(database.sequelize, sql, [2]);
      const shared = "SELECT $1::int * 21 AS n";
      expect(await read(first, shared)).toEqual([{ n: 42 }]);
      // The same text gets the same name in every pool of this process, and the session already holds it.
      expect(await read(second, shared)).toEqual([{ n: 42 }]);
      expect(warnings).toHaveLength(1);
      const named = await preparedNames(first);
      expect(await read(second, "SELECT $1::int * 50 AS n")).toEqual([{ n: 100 }]);
      expect(await read(first, shared)).toEqual([{ n: 42 }]);
      expect(await preparedNames(first)).toEqual(named);
      expect(warnings).toHaveLength(1);
    } finally {
      await first.close();
      await second.close();
      await socket.stop();
      await pglite.close();
    }
  });

  it("when a column a prepared read returns changes type under it, then the read still answers, with the new type", async () => {
    const database = await connect();
    await execute(database.sequelize, "DROP TABLE IF EXISTS sql_altered");
    await execute(database.sequelize, "CREATE TABLE sql_altered (id text PRIMARY KEY, score int NOT NULL)");
    await execute(database.sequelize, "INSERT INTO sql_altered VALUES ('a', 1)");
    const read = () => selectRows<{ score: unknown }>(database.sequelize, "SELECT score FROM sql_altered WHERE id = $1", ["a"]);
    expect(await read()).toEqual([{ score: 1 }]);
    await execute(database.sequelize, "ALTER TABLE sql_altered ALTER COLUMN score TYPE text");
    expect(await read()).toEqual([{ score: "1" }]);
    expect(await read()).toEqual([{ score: "1" }]);
  });

  it("when a statement fails, then the error is Sequelize's for it: a duplicate key is a UniqueConstraintError, a bad column a DatabaseError that is no outage", async () => {
    const database = await connect();
    await execute(database.sequelize, "CREATE TABLE IF NOT EXISTS sql_unique (id text PRIMARY KEY)");
    await execute(database.sequelize, "INSERT INTO sql_unique VALUES ('x') ON CONFLICT DO NOTHING");
    await expect(execute(database.sequelize, "INSERT INTO sql_unique VALUES ($1)", ["x"])).rejects.toBeInstanceOf(UniqueConstraintError);
    const bad = await selectRows(database.sequelize, "SELECT nope FROM sql_unique").catch((err: unknown) => err);
    expect(bad).toBeInstanceOf(DatabaseError);
    expect(isDatabaseOutage(bad)).toBe(false);
    expect((bad as DatabaseError).sql).toBe("SELECT nope FROM sql_unique");
  });

  // PGlite runs statements to the end: it has no timer to cancel them with.
  it.skipIf(!TEST_DATABASE_URL)("when a statement is cancelled by statement_timeout, then it counts as an outage (503), not a bad request", async () => {
    const database = await connect();
    await execute(database.sequelize, "SET statement_timeout = 50");
    const slow = await selectRows(database.sequelize, "SELECT pg_sleep(1) WHERE $1::int = 1", [1]).catch((err: unknown) => err);
    expect(slow).toBeInstanceOf(DatabaseError);
    expect(isDatabaseOutage(slow)).toBe(true);
  });

  it("when a text value holds a NUL byte, then it is stored escaped instead of failing, as through Sequelize", async () => {
    const database = await connect();
    await execute(database.sequelize, "CREATE TABLE IF NOT EXISTS sql_nul (id text PRIMARY KEY)");
    await execute(database.sequelize, "INSERT INTO sql_nul VALUES ($1) ON CONFLICT DO NOTHING", ["a\0b"]);
    expect(await selectRows(database.sequelize, "SELECT id FROM sql_nul WHERE id = $1", ["a\0b"])).toEqual([{ id: "a\\0b" }]);
  });
});
