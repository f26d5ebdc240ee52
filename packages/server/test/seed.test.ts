import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { QueryTypes } from "sequelize";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/config.js";
import { openDatabase, type Database } from "../src/data-access/database.js";
import { migrateUp } from "../src/data-access/migrator.js";
import { createRepositories } from "../src/data-access/repositories.js";
import { repositoryRoot } from "./support/repository.js";
import { seedDemoIfEmpty } from "../src/seed/demo.js";
import { seedUsers } from "../src/seed/seed-users.js";
import { createTestDatabase, type TestDatabase } from "./support/database.js";

let testDb: TestDatabase;
let db: Database;
beforeAll(async () => {
  testDb = await createTestDatabase();
  db = await openDatabase(loadConfig(testDb.url ? { DATABASE_URL: testDb.url } : {}));
  await migrateUp(db.sequelize);
});
afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

const count = async (sql: string, bind: unknown[] = []) => Number((await db.sequelize.query<{ n: string }>(sql, { bind, type: QueryTypes.SELECT }))[0]!.n);

describe("seeds", () => {
  it("when the demo data is seeded, then demo has every kind and priority, overdue/completed/dismissed items and more than three pages of activity; a second seed does nothing", async () => {
    const repositories = createRepositories(db.sequelize);
    expect(await seedDemoIfEmpty(repositories)).toBe(true);
    expect(await count("SELECT count(DISTINCT kind) AS n FROM action_items WHERE user_id = 'demo'")).toBe(5);
    expect(await count("SELECT count(DISTINCT priority) AS n FROM action_items WHERE user_id = 'demo' AND state = 'open'")).toBe(4);
    for (const state of ["completed", "dismissed"]) expect(await count("SELECT count(*) AS n FROM action_items WHERE user_id = 'demo' AND state = $1", [state])).toBeGreaterThan(0);
    expect(await count("SELECT count(*) AS n FROM action_items WHERE user_id = 'demo' AND state = 'open' AND due_at < now()")).toBeGreaterThan(0);
    expect(await count("SELECT count(*) AS n FROM activity_events WHERE user_id = 'demo'")).toBeGreaterThan(60);
    expect(await count("SELECT count(*) AS n FROM users")).toBeGreaterThanOrEqual(5);
    expect(await seedDemoIfEmpty(repositories)).toBe(false);
  });

  it("when N users are seeded in batches, then each gets items and activity, progress is reported per batch, and a rerun adds nothing", async () => {
    const progress: number[] = [];
    await seedUsers(db.sequelize, { users: 120, batchSize: 50, prefix: "load", onProgress: (done) => progress.push(done) });
    expect(progress).toEqual([50, 100, 120]);
    expect(await count("SELECT count(*) AS n FROM users WHERE id LIKE 'load-%'")).toBe(120);
    expect(await count("SELECT count(*) AS n FROM action_items WHERE user_id LIKE 'load-%'")).toBe(120 * 12);
    expect(await count("SELECT count(*) AS n FROM activity_events WHERE user_id LIKE 'load-%'")).toBe(120 * 30);
    await seedUsers(db.sequelize, { users: 120, batchSize: 50, prefix: "load" });
    expect(await count("SELECT count(*) AS n FROM action_items WHERE user_id LIKE 'load-%'")).toBe(120 * 12);
  });

  it("when users are seeded, then the tables it filled have planner statistics (the database need not run autovacuum first)", async () => {
    await seedUsers(db.sequelize, { users: 40, prefix: "stats" });
    for (const table of ["users", "action_items", "activity_events", "actors"]) {
      // reltuples is -1 until a table is first analyzed (or vacuumed).
      expect(await count("SELECT reltuples::bigint AS n FROM pg_class WHERE oid = to_regclass($1)", [table]), table).toBeGreaterThan(0);
      expect(await count("SELECT count(*) AS n FROM pg_stats WHERE schemaname = current_schema() AND tablename = $1", [table]), table).toBeGreaterThan(0);
    }
  });
});

describe("the seed command (npm run seed)", () => {
  const root = repositoryRoot();
  const run = (args: string[], env: Record<string, string>) =>
    spawnSync(process.execPath, ["--import", "tsx", join(root, "packages/server/src/cli/seed.ts"), ...args], { cwd: root, env: { ...process.env, ...env }, encoding: "utf8", timeout: 110_000 });

  it("when run with --users 25 on an empty embedded database, then it migrates, seeds and reports the rate", { timeout: 120_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), "intro-page-seed-"));
    try {
      const result = run(["--users", "25"], { PGLITE_DATA_DIR: dir, DATABASE_URL: "" });
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/seeded 25 users in [\d.]+ s \(\d+ users\/s\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(["--users zero", "--users -3", "--bogus"])("when run with %s, then it prints the usage and exits 2", (args) => {
    const result = run(args.split(" "), { PGLITE_DATA_DIR: "/nonexistent-never-created" });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("usage: npm run seed");
  });
});
