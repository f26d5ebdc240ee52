// Reads of several callers in one turn run as one statement (src/data-access/read-batches.ts), over the file's
// own database: PostgreSQL when TEST_DATABASE_URL is set, else embedded PGlite.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Read } from "../src/data-access/combined-reads.js";
import { openDatabase, type Database } from "../src/data-access/database.js";
import { beforeNextBatch, readTogether, runRead } from "../src/data-access/read-batches.js";
import { execute } from "../src/data-access/sql.js";
import { createSharedDatabase, type SharedDatabase } from "./support/database.js";
import { statementsDuring } from "./support/statements.js";

let testDatabase: SharedDatabase;
let database: Database;
/** A second pool over the same database: reads on it are another database's to the batcher. */
let other: Database;
beforeAll(async () => {
  testDatabase = await createSharedDatabase("batches");
  // Embedded PGlite serves every connection from one session, where two connections' prepared statements would collide.
  const prepared = testDatabase.kind === "postgres";
  database = await openDatabase({ DATABASE_URL: testDatabase.url, PGLITE_DATA_DIR: undefined, DATABASE_POOL_MAX: 2, DATABASE_PREPARED_STATEMENTS: prepared });
  other = await openDatabase({ DATABASE_URL: testDatabase.url, PGLITE_DATA_DIR: undefined, DATABASE_POOL_MAX: 1, DATABASE_PREPARED_STATEMENTS: prepared });
  await execute(database.sequelize, "CREATE TABLE batch_items (owner text NOT NULL, n int NOT NULL)");
  await execute(database.sequelize, "INSERT INTO batch_items VALUES ('a', 1), ('a', 2), ('b', 3), ('c', 4), ('c', 5), ('c', 6)");
});
afterAll(async () => {
  await other?.close();
  await database?.close();
  await testDatabase?.drop();
});

const count = (owner: string, on = database): Read<number> => ({
  sequelize: on.sequelize,
  sql: "SELECT count(*) AS total FROM batch_items WHERE owner = $1",
  values: [owner],
  rows: "one",
  decode: (json) => (json as { total: number }).total,
});
const numbers = (owner: string): Read<number[]> => ({
  sequelize: database.sequelize,
  sql: "SELECT n FROM batch_items WHERE owner = $1 ORDER BY n",
  values: [owner],
  rows: "many",
  decode: (json) => (json as { n: number }[]).map((row) => row.n),
});
const values = async (reads: readonly Read<unknown>[]) =>
  (await readTogether(reads)).map((outcome) => {
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  });

describe("reads batched across callers", () => {
  it("when several callers ask for the same kinds of reads in one turn, then one statement answers them, each with its own values", async () => {
    const owners = ["a", "b", "c", "nobody"];
    const { result, statements } = await statementsDuring(database.sequelize, () => Promise.all(owners.map((owner) => values([numbers(owner), count(owner)]))));
    expect(statements).toBe(1);
    expect(result).toEqual([
      [[1, 2], 2],
      [[3], 1],
      [[4, 5, 6], 3],
      [[], 0],
    ]);
  });

  it("when a caller hands in its reads as the batch is made, then they join the callers that asked before it", async () => {
    const { result, statements } = await statementsDuring(database.sequelize, async () => {
      const gathered = new Promise<unknown[]>((resolve) => beforeNextBatch(() => resolve(values([count("c")]))));
      const asked = values([count("a")]);
      return Promise.all([await gathered, await asked]);
    });
    expect(result).toEqual([[3], [2]]);
    expect(statements).toBe(1);
  });

  it("when callers ask for different kinds of reads, then each kind has its own statement", async () => {
    const { result, statements } = await statementsDuring(database.sequelize, () =>
      Promise.all([values([count("a")]), values([numbers("c")]), values([count("c")]), values([numbers("b"), count("b")])]),
    );
    expect(statements).toBe(3);
    expect(result).toEqual([[2], [[4, 5, 6]], [3], [[3], 1]]);
  });

  it("when more than eight callers wait, then they are split over statements of at most eight", async () => {
    const owners = Array.from({ length: 17 }, (_, i) => ["a", "b", "c"][i % 3]!);
    const { result, statements } = await statementsDuring(database.sequelize, () => Promise.all(owners.map((owner) => runRead(count(owner)))));
    expect(statements).toBe(3);
    expect(result).toEqual(owners.map((owner) => ({ a: 2, b: 1, c: 3 })[owner]));
  });

  it("when reads are on different databases, then they are never combined", async () => {
    const onOther = await statementsDuring(other.sequelize, () => statementsDuring(database.sequelize, () => Promise.all([runRead(count("a")), runRead(count("c", other))])));
    expect(onOther.result.result).toEqual([2, 3]);
    expect([onOther.result.statements, onOther.statements]).toEqual([1, 1]);
  });

  it("when one caller's decoder refuses its rows, then only that read fails; the statement's other reads are answered", async () => {
    const refused: Read<number> = {
      ...count("b"),
      decode: () => {
        throw new Error("unexpected row");
      },
    };
    const [good, bad, alsoGood] = await Promise.allSettled([runRead(count("a")), runRead(refused), runRead(count("c"))]);
    expect(good).toEqual({ status: "fulfilled", value: 2 });
    expect(bad).toMatchObject({ status: "rejected", reason: { message: "unexpected row" } });
    expect(alsoGood).toEqual({ status: "fulfilled", value: 3 });
  });

  it("when a statement fails, then every caller in it fails and callers of other statements do not", async () => {
    const broken: Read<number> = { ...count("a"), sql: "SELECT count(*) AS total FROM batch_missing WHERE owner = $1" };
    const outcomes = await Promise.allSettled([runRead(broken), runRead({ ...broken, values: ["b"] }), runRead(count("c"))]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["rejected", "rejected", "fulfilled"]);
    expect(outcomes[0]).toMatchObject({ reason: { name: "SequelizeDatabaseError" } });
  });

  it("when a read runs in a transaction, then it runs on the transaction's connection and sees its uncommitted rows", async () => {
    await database.sequelize.transaction(async (transaction) => {
      await execute(database.sequelize, "INSERT INTO batch_items VALUES ('t', 7)", [], transaction);
      expect(await runRead(count("t"), transaction)).toBe(1);
      // Embedded PGlite serves every connection from one session, so only PostgreSQL can show the row unseen outside.
      if (testDatabase.kind === "postgres") expect(await runRead(count("t"))).toBe(0);
    });
    expect(await runRead(count("t"))).toBe(1);
  });
});
