import { QueryTypes } from "sequelize";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../src/data-access/database.js";
import { listMigrations, migrateDown, migrateUp } from "../src/data-access/migrator.js";
import { loadConfig } from "../src/config/config.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";

let testDb: TestDatabase;
let db: Database;
beforeAll(async () => {
  testDb = await createTestDatabase();
  db = await openDatabase(loadConfig(testDb.url ? { DATABASE_URL: testDb.url } : {}));
});
afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

const tables = async () =>
  (
    await db.sequelize.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename", { type: QueryTypes.SELECT })
  ).map((row) => row.name);

describe("migrations", () => {
  it("when the folder is listed, then every up has its down", () => {
    expect(listMigrations().map((m) => m.name)).toContain("0001_initial");
  });

  it("when applied to an empty database, then the tables exist; applied again, then nothing happens", async () => {
    expect(await migrateUp(db.sequelize)).toEqual(listMigrations().map((m) => m.name));
    expect(await tables()).toEqual(expect.arrayContaining(["users", "preferences", "action_items", "activity_events", "announcements", "processed_events", "intro_page_migrations"]));
    expect(await migrateUp(db.sequelize)).toEqual([]);
  });

  it("when the section queries are planned, then they can use their indexes", async () => {
    const plan = (sql: string) =>
      db.sequelize.transaction(async (transaction) => {
        // Empty tables make any plan a sequential scan; forbid that to see which index the query can use.
        await db.sequelize.query("SET LOCAL enable_seqscan = off", { transaction });
        const rows = await db.sequelize.query<Record<string, string>>(`EXPLAIN ${sql}`, { type: QueryTypes.SELECT, transaction });
        return rows.map((row) => Object.values(row)[0]).join("\n");
      });
    expect(
      await plan(
        "SELECT id FROM action_items WHERE user_id = 'demo' AND state = 'open' ORDER BY priority_rank DESC, due_at ASC NULLS LAST, created_at ASC, id ASC LIMIT 50",
      ),
    ).toContain("action_items_open_by_urgency_idx");
    expect(
      await plan("SELECT id FROM activity_events WHERE user_id = 'demo' AND (occurred_at, id) < ('2026-11-25T00:00:00Z'::timestamptz, 'x') ORDER BY occurred_at DESC, id DESC LIMIT 21"),
    ).toContain("activity_events_feed_idx");
  });

  it("when reverted, then every table is gone; re-applied, then they are back", async () => {
    expect(await migrateDown(db.sequelize)).toEqual(listMigrations().map((m) => m.name).reverse());
    expect(await tables()).toEqual(["intro_page_backfills", "intro_page_migration_audit", "intro_page_migrations"]);
    await migrateUp(db.sequelize);
    expect(await tables()).toContain("action_items");
  });

  it("when two migrators run at once, then each migration is applied exactly once", async () => {
    await migrateDown(db.sequelize);
    const [a, b] = await Promise.all([migrateUp(db.sequelize), migrateUp(db.sequelize)]);
    expect([...a, ...b]).toEqual(listMigrations().map((m) => m.name));
  });
});
