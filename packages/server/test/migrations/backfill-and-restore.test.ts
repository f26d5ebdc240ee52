// The actors expand/contract in detail: the repository reads and writes every
// shape alike, the backfill resumes after a crash and reports progress in
// /metrics; and the restore drill (a backup restores to identical checksums).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.js";
import { createActivityRepository } from "../../src/data-access/activity-repository.js";
import { runRead } from "../../src/data-access/read-batches.js";
import { openDatabase } from "../../src/data-access/database.js";
import { backupDatabase, restoreDatabase } from "../../src/data-access/migrations/backup.js";
import type { BackfillProgress } from "../../src/data-access/migrations/backfill.js";
import { createMigrator } from "../../src/data-access/migrations/migration-runner.js";
import { seedUsers } from "../../src/seed/seed-users.js";
import { authHeader, request, startTestServer } from "../support/harness.js";
import { createMigrationTestDatabase, fingerprint, selectAll, TEST_DATABASE_URL, type MigrationTestDatabase, BEFORE_ACTORS } from "../support/migrations.js";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "../..");
const scratch = mkdtempSync(join(tmpdir(), "intro-page-restore-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.skipIf(!TEST_DATABASE_URL)("actors expand/contract (PostgreSQL)", { timeout: 120_000 }, () => {
  let db: MigrationTestDatabase;
  beforeAll(async () => {
    db = await createMigrationTestDatabase("migactors");
    await createMigrator(db.database.sequelize).up({ to: BEFORE_ACTORS });
    await seedUsers(db.database.sequelize, { users: 60, activityPerUser: 40, itemsPerUser: 2 });
  }, 120_000);
  afterAll(async () => {
    await db?.drop();
  });
  const migrator = () => createMigrator(db.database.sequelize, { backup: async () => "(test)" });
  const feed = async (userId: string) => (await runRead(await createActivityRepository(db.database.sequelize).feed(userId, 50))).items.parse();
  const count = async (sql: string) => Number((await selectAll<{ n: string }>(db.database, sql))[0]!.n);

  it("when the schema moves legacy → expanded → backfilled → contracted, then the repository returns the same feed in every shape and writes land in each", async () => {
    const legacy = await feed("user-000007");
    expect(legacy.length).toBe(40);
    await migrator().up({ to: "0010_actors_expand" });
    expect(await feed("user-000007")).toEqual(legacy);

    const repository = createActivityRepository(db.database.sequelize);
    const item = (id: string) => ({
      id,
      actor: { id: "zoe-quinn", name: "Zoe Quinn" },
      verb: "commented",
      object: { type: "document", id: "doc_1", title: "Plan" },
      occurredAt: new Date().toISOString(),
    });
    await db.database.sequelize.transaction((t) => repository.insert("user-000007", item("evt_transition"), t));
    // The write path fills actors at once, before any backfill.
    expect(await count("SELECT count(*) AS n FROM actors WHERE id = 'zoe-quinn'")).toBe(1);

    await migrator().backfill();
    expect(await count("SELECT count(*) AS n FROM actors")).toBe(await count("SELECT count(DISTINCT actor_id) AS n FROM activity_events"));
    const transition = await feed("user-000007");
    expect(transition.slice(1)).toEqual(legacy);

    await migrator().up();
    expect(await feed("user-000007")).toEqual(transition);
    await db.database.sequelize.transaction((t) => repository.insert("user-000007", item("evt_normalized"), t));
    expect((await feed("user-000007"))[0]).toMatchObject({ id: "evt_normalized", actor: { id: "zoe-quinn", name: "Zoe Quinn" } });
  });

  it("when the backfill process is killed mid-way, then the next run resumes from the saved cursor and ends with every actor", async () => {
    await migrator().down({ to: BEFORE_ACTORS });
    await migrator().up({ to: "0010_actors_expand" });
    const state = async () =>
      (
        await selectAll<{ rows_done: string; rows_total: string; batches: number; finished_at: Date | null }>(
          db.database,
          "SELECT rows_done, rows_total, batches, finished_at FROM intro_page_backfills WHERE name = 'actors'",
        )
      )[0];
    await db.database.sequelize.query("DELETE FROM intro_page_backfills");

    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/migrate.ts", "backfill", "actors", "--batch-size", "100", "--pause-ms", "150"], {
      cwd: packageDir,
      env: { ...process.env, DATABASE_URL: db.url },
      stdio: "ignore",
    });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    // Kill it (no chance to clean up) once a few batches are committed.
    for (let i = 0; i < 300 && Number((await state())?.batches ?? 0) < 3; i++) await new Promise((r) => setTimeout(r, 50));
    child.kill("SIGKILL");
    await exited;
    const crashed = (await state())!;
    expect(crashed.finished_at).toBeNull();
    expect(Number(crashed.rows_done)).toBe(crashed.batches * 100);
    expect(Number(crashed.rows_done)).toBeLessThan(Number(crashed.rows_total));

    const seen: BackfillProgress[] = [];
    const [result] = await migrator().backfill({ batchSize: 500, pauseMs: 0, onProgress: (p) => seen.push(p) });
    // Resumed: the first batch after the crash continues from the crashed run's count.
    expect(seen[0]!.rowsDone).toBe(Number(crashed.rows_done) + 500);
    expect(result).toMatchObject({ finished: true, rowsDone: Number(crashed.rows_total) });
    expect(await count("SELECT count(*) AS n FROM activity_events e WHERE NOT EXISTS (SELECT 1 FROM actors a WHERE a.id = e.actor_id)")).toBe(0);
  });

  it("when a backfill is under way, then every server instance reports its progress in /metrics", async () => {
    await db.database.sequelize.query("UPDATE intro_page_backfills SET rows_done = rows_total / 4, finished_at = NULL WHERE name = 'actors'");
    const server = await startTestServer({ DATABASE_URL: db.url, MIGRATE_ON_START: "false", SEED_DEMO: "false" });
    try {
      const metrics = async () => (await request(`${server.url}/metrics`, { headers: authHeader("root", "admin") })).text;
      expect(await metrics()).toMatch(/intro_page_backfill_progress_ratio\{backfill="actors",state="running"\} 0\.2\d*/);
      await migrator().backfill({ restart: true, pauseMs: 0 });
      expect(await metrics()).toContain('intro_page_backfill_progress_ratio{backfill="actors",state="finished"} 1');
    } finally {
      await server.close();
    }
  });

  it("when a backup is restored after the data and schema changed, then the schema and every table's row checksum are identical to the backup's (restore drill)", async () => {
    await migrator().up();
    const original = await fingerprint(db.database);
    const file = join(scratch, "drill.dump");
    const backup = await backupDatabase({ kind: "postgres", url: db.url }, file);
    expect(backup.bytes).toBeGreaterThan(10_000);

    await db.database.sequelize.query("DELETE FROM action_items WHERE state = 'open'");
    await migrator().down({ to: BEFORE_ACTORS });
    expect(await fingerprint(db.database)).not.toEqual(original);

    const restored = await restoreDatabase({ kind: "postgres", url: db.url }, file);
    console.log(`restore drill: backup ${(backup.bytes / 1024).toFixed(0)} KB in ${backup.ms.toFixed(0)} ms, restore in ${restored.ms.toFixed(0)} ms`);
    expect(await fingerprint(db.database)).toEqual(original);
    expect((await migrator().status()).migrations.every((m) => m.state === "applied")).toBe(true);

    // And into an empty database, as after losing the server.
    const fresh = await createMigrationTestDatabase("migrestore", 1);
    try {
      await restoreDatabase({ kind: "postgres", url: fresh.url }, file);
      expect(await fingerprint(fresh.database)).toEqual(original);
    } finally {
      await fresh.drop();
    }
  });

  it("when the file to restore is missing or not a backup, then restore refuses with one line and the database is unchanged", async () => {
    const before = await fingerprint(db.database);
    await expect(restoreDatabase({ kind: "postgres", url: db.url }, join(scratch, "missing.dump"))).rejects.toThrow(/^backup file .* does not exist \(nothing was changed\)$/);
    await expect(restoreDatabase({ kind: "postgres", url: db.url }, fileURLToPath(import.meta.url))).rejects.toThrow(/is not a pg_dump custom-format backup \(nothing was changed\)$/);
    expect(await fingerprint(db.database)).toEqual(before);
  });
});

describe("restore drill on embedded PGlite", () => {
  it("when a PGlite data directory is backed up, changed and restored, then its schema and row checksums are identical to the backup's", { timeout: 240_000 }, async () => {
    const dataDir = join(scratch, "pglite");
    const open = () => openDatabase(loadConfig({ PGLITE_DATA_DIR: dataDir }));
    let database = await open();
    const file = join(scratch, "pglite.tar.gz");
    let original;
    try {
      await createMigrator(database.sequelize).up();
      await seedUsers(database.sequelize, { users: 5, activityPerUser: 10 });
      original = await fingerprint(database);
      await backupDatabase({ kind: "pglite", dataDir, open: database.pglite }, file);
      await database.sequelize.query("DELETE FROM activity_events");
    } finally {
      await database.close();
    }
    await restoreDatabase({ kind: "pglite", dataDir }, file);
    database = await open();
    try {
      expect(await fingerprint(database)).toEqual(original);
    } finally {
      await database.close();
    }
  });
});
