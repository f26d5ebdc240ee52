// Reads combined into one statement (src/data-access/combined-reads.ts), over the file's own database:
// PostgreSQL when TEST_DATABASE_URL is set, else embedded PGlite.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runReads, type Read } from "../src/data-access/combined-reads.js";
import { runRead } from "../src/data-access/read-batches.js";
import { openDatabase, type Database } from "../src/data-access/database.js";
import { execute, iso } from "../src/data-access/sql.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";

let testDatabase: TestDatabase;
let database: Database;
beforeAll(async () => {
  testDatabase = await createTestDatabase("combined");
  database = await openDatabase({ DATABASE_URL: testDatabase.url, PGLITE_DATA_DIR: undefined, DATABASE_POOL_MAX: 2 });
  await execute(database.sequelize, "CREATE TABLE combined_items (owner text NOT NULL, n int NOT NULL, at timestamptz NOT NULL, tags jsonb)");
  await execute(
    database.sequelize,
    `INSERT INTO combined_items VALUES ('a', 3, '2026-01-02T03:04:05.678Z', '["x"]'), ('a', 1, '2026-01-01T00:00:00Z', NULL),
                                       ('a', 2, '2026-01-03T00:00:00.123456Z', NULL), ('b', 9, '2026-01-04T00:00:00Z', NULL)`,
  );
});
afterAll(async () => {
  await database?.close();
  await testDatabase?.drop();
});

type Item = { n: number; at: string; tags: string[] | null };
const items = (owner: string, limit: number): Read<Item[]> => ({
  sequelize: database.sequelize,
  sql: "SELECT n, at, tags FROM combined_items WHERE owner = $1 ORDER BY n DESC LIMIT $2",
  values: [owner, limit],
  rows: "many",
  decode: (json) => (json as Item[]).map((row) => ({ ...row, at: new Date(row.at).toISOString() })),
});
const total = (owner: string): Read<number> => ({
  sequelize: database.sequelize,
  sql: "SELECT count(*) AS total FROM combined_items WHERE owner = $1",
  values: [owner],
  rows: "one",
  decode: (json) => (json as { total: number }).total,
});
const first = (owner: string): Read<number | undefined> => ({
  sequelize: database.sequelize,
  sql: "SELECT n FROM combined_items WHERE owner = $1 ORDER BY n",
  values: [owner],
  rows: "one",
  decode: (json) => (json as { n: number } | null)?.n,
});

describe("combined reads", () => {
  it("when reads with their own placeholders run together, then each gets its own values back, rows in its own order", async () => {
    const [aItems, bTotal, aFirst, bItems] = await runReads([items("a", 2), total("b"), first("a"), items("b", 5)] as const);
    expect(aItems).toEqual([
      { n: 3, at: "2026-01-02T03:04:05.678Z", tags: ["x"] },
      { n: 2, at: "2026-01-03T00:00:00.123Z", tags: null },
    ]);
    expect(bTotal).toBe(1);
    expect(aFirst).toBe(1);
    expect(bItems.map((item) => item.n)).toEqual([9]);
  });

  it("when the same reads run again with other values, then the statement built the first time answers with the new values", async () => {
    const [aItems, bTotal] = await runReads([items("a", 1), total("b")] as const);
    const [bItems, aTotal] = await runReads([items("b", 5), total("a")] as const);
    expect([aItems.map((item) => item.n), bTotal]).toEqual([[3], 1]);
    expect([bItems.map((item) => item.n), aTotal]).toEqual([[9], 3]);
  });

  it("when a read finds nothing, then a list read gets an empty list and a row read null", async () => {
    const [none, missing, count] = await runReads([items("nobody", 5), first("nobody"), total("nobody")] as const);
    expect(none).toEqual([]);
    expect(missing).toBeUndefined();
    expect(count).toBe(0);
  });

  it("when a migration renamed a table under a read that can rebuild itself, then the rebuilt read answers; a read that cannot fails as before", async () => {
    await execute(database.sequelize, "CREATE TABLE IF NOT EXISTS combined_old (n int)");
    await execute(database.sequelize, "INSERT INTO combined_old VALUES (5)");
    const from = (table: string): Read<number> => ({
      sequelize: database.sequelize,
      sql: `SELECT n FROM ${table}`,
      values: [],
      rows: "one",
      decode: (json) => (json as { n: number }).n,
      again: async () => from("combined_new"),
    });
    expect(await runRead(from("combined_old"))).toBe(5);
    await execute(database.sequelize, "ALTER TABLE combined_old RENAME TO combined_new");
    const [n, count] = await runReads([from("combined_old"), total("a")] as const);
    expect([n, count]).toEqual([5, 3]);
    await expect(runRead({ ...from("combined_old"), again: undefined })).rejects.toMatchObject({ name: "SequelizeDatabaseError" });
  });
});

describe("timestamps read as JSON", () => {
  it("when PostgreSQL writes a timestamp in any precision or offset, then iso() gives what Date.toISOString gives", () => {
    const texts = [
      "2026-11-30T02:49:54.311228+00:00",
      "2026-01-01T00:00:00+00:00",
      "2026-01-03T00:00:00.1+00:00",
      "2026-01-03T00:00:00.12+00:00",
      "2026-01-03T00:00:00.999999+00:00",
      "2026-01-03T01:30:00.5+02:00",
      "2026-01-03T01:30:00-05:30",
    ];
    for (const text of texts) expect(iso(text), text).toBe(new Date(text).toISOString());
    expect(iso(new Date("2026-01-02T03:04:05.678Z"))).toBe("2026-01-02T03:04:05.678Z");
  });
});
