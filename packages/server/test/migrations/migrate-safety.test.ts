// Acceptance of the migrator against real PostgreSQL (docs/migrations.md):
// reversibility, refusals, serialization, lock timeouts under a long
// transaction, rollback on a failed verify, failed statement or timeout.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/data-access/database.js";
import { loadConfig } from "../../src/config/config.js";
import { readAudit } from "../../src/data-access/migrations/ledger.js";
import { createMigrator } from "../../src/data-access/migrations/migration-runner.js";
import { MigrationError } from "../../src/data-access/migrations/migration-error.js";
import { seedUsers } from "../../src/seed/seed-users.js";
import { createMigrationTestDatabase, fingerprint, migrationsFolder, onSession, selectAll, TEST_DATABASE_URL, type MigrationTestDatabase, BEFORE_ACTORS, migrationsThrough } from "../support/migrations.js";

let db: MigrationTestDatabase;
beforeAll(async () => {
  if (!TEST_DATABASE_URL) return;
  db = await createMigrationTestDatabase("migsafety");
  // The pre-expand schema with data in it, as a live database has before this release.
  await createMigrator(db.database.sequelize).up({ to: BEFORE_ACTORS });
  await seedUsers(db.database.sequelize, { users: 40, activityPerUser: 25 });
}, 120_000);
afterAll(async () => {
  await db?.drop();
});

const migrator = (options: Parameters<typeof createMigrator>[1] = {}) => createMigrator(db.database.sequelize, { backup: async () => "(test: no backup)", ...options });
const columnsOf = async (table: string) =>
  (await selectAll<{ attname: string }>(db.database, `SELECT attname FROM pg_attribute WHERE attrelid = '${table}'::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`)).map((row) => row.attname);

/** A client outside the pool, for transactions that must stay open across awaits. */
async function client(): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  return c;
}

describe.skipIf(!TEST_DATABASE_URL)("migrate safety (PostgreSQL)", { timeout: 120_000 }, () => {
  it("when up → down → up runs over live data, then the schema (from the catalog) and every table's data checksum are identical", async () => {
    await migrator().up();
    const first = await fingerprint(db.database);
    expect(first.data.actors!.rows).toBeGreaterThan(0);
    expect(await migrator().down({ to: BEFORE_ACTORS })).toEqual(["0011_actors_contract", "0010_actors_expand"]);
    expect(await columnsOf("activity_events")).toContain("actor_name");
    expect(await migrator().up()).toEqual(["0010_actors_expand", "0011_actors_contract"]);
    const second = await fingerprint(db.database);
    expect(second.schema).toEqual(first.schema);
    expect(second.data).toEqual(first.data);
  });

  it("when an applied migration's file was edited, then up, down, plan and verify refuse with one line naming it, and nothing changes", async () => {
    const folder = migrationsFolder();
    try {
      const before = await fingerprint(db.database);
      writeFileSync(join(folder.dir, "0010_actors_expand.up.sql"), `${readFileSync(join(folder.dir, "0010_actors_expand.up.sql"), "utf8")}\n-- a harmless-looking edit\n`);
      const edited = migrator({ dir: folder.dir });
      for (const run of [() => edited.up(), () => edited.down(), () => edited.plan(), () => edited.verify()]) {
        const err = await run().catch((e: unknown) => e);
        expect(err).toBeInstanceOf(MigrationError);
        expect((err as Error).message).toMatch(/^0010_actors_expand was edited after it was applied \(checksum \w+ in the database, \w+ on disk\)/);
        expect((err as Error).message).not.toContain("\n");
      }
      expect((await edited.status()).migrations.find((m) => m.name === "0010_actors_expand")?.state).toBe("edited");
      expect(await fingerprint(db.database)).toEqual(before);
    } finally {
      folder.dispose();
    }
  });

  it("when the database has a migration the code does not know, then up refuses: the database is ahead of the code", async () => {
    const folder = migrationsFolder({}, ["0011_actors_contract.up.sql", "0011_actors_contract.down.sql"]);
    try {
      await expect(migrator({ dir: folder.dir }).up()).rejects.toThrow(/has 0011_actors_contract applied, which this code does not know: it is ahead of the code/);
    } finally {
      folder.dispose();
    }
  });

  it("when two deployers run up at once, then the runs serialize on the advisory lock and each migration is applied exactly once", async () => {
    await migrator().down({ to: BEFORE_ACTORS });
    const second = await openDatabase(loadConfig({ DATABASE_URL: db.url, DATABASE_POOL_MAX: "2" }));
    try {
      const [a, b] = await Promise.all([migrator().up(), createMigrator(second.sequelize, { backup: async () => "(test)" }).up()]);
      expect([...a, ...b].sort()).toEqual(["0010_actors_expand", "0011_actors_contract"]);
      // One run did everything; the other waited for the lock, then found nothing to do.
      expect([a.length, b.length].sort()).toEqual([0, 2]);
    } finally {
      await second.close();
    }
    const audit = await onSession(db.database, (s) => readAudit(s, 50));
    expect(audit.filter((a) => a.migration === "0011_actors_contract" && a.result === "applied").length).toBeGreaterThanOrEqual(1);
  });

  it("when another run holds the lock longer than the bounded wait, then up gives up with a line naming the holder and changes nothing", async () => {
    const holder = await client();
    try {
      await holder.query("SELECT pg_advisory_lock(74201001)");
      const before = await fingerprint(db.database);
      const started = performance.now();
      const err = (await migrator({ lockWaitMs: 300 }).down().catch((e: unknown) => e)) as Error;
      expect(err).toBeInstanceOf(MigrationError);
      expect(err.message).toMatch(/^another migration run \(pid \d+.*\) holds the migration lock; gave up after waiting 0\.3 s \(nothing was changed\)$/);
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(await fingerprint(db.database)).toEqual(before);
    } finally {
      await holder.end();
    }
  });

  it("when a long transaction holds a table, then the ALTER gives up within lock_timeout, retries, fails cleanly, and traffic on the table keeps flowing", async () => {
    const folder = migrationsFolder({
      "0012_item_notes.up.sql": "-- migrate:phase expand\nSET lock_timeout = '5s';\nALTER TABLE action_items ADD COLUMN notes text;\n",
      "0012_item_notes.down.sql": "ALTER TABLE action_items DROP COLUMN IF EXISTS notes;\n",
    });
    const longTransaction = await client();
    const traffic = await client();
    try {
      await longTransaction.query("BEGIN");
      await longTransaction.query("SELECT count(*) FROM action_items");
      const lockTimeoutMs = 200;
      const retries: string[] = [];
      const run = migrator({ dir: folder.dir, lockTimeoutMs, retries: 2, retryDelayMs: 100, log: (line) => retries.push(line) }).up();
      // Reads keep arriving while the ALTER waits; each may queue behind it for at most one lock_timeout.
      const latencies: number[] = [];
      let stop = false;
      const reads = (async () => {
        while (!stop) {
          const t = performance.now();
          await traffic.query("SELECT count(*) FROM action_items WHERE user_id = 'user-000001'");
          latencies.push(performance.now() - t);
          await new Promise((r) => setTimeout(r, 10));
        }
      })();
      const err = (await run.catch((e: unknown) => e)) as Error;
      stop = true;
      await reads;
      expect(err).toBeInstanceOf(MigrationError);
      expect(err.message).toContain(`0012_item_notes (up): statement at line 3 could not get its lock within ${lockTimeoutMs} ms on any of 3 attempts`);
      expect(err.message).toContain("rolled back, nothing changed");
      expect(retries.filter((line) => line.includes("retrying in"))).toHaveLength(2);
      expect(await columnsOf("action_items")).not.toContain("notes");
      expect(latencies.length).toBeGreaterThan(5);
      // No read failed (the loop would have thrown) and none waited much past one lock_timeout.
      expect(Math.max(...latencies)).toBeLessThan(lockTimeoutMs + 1_000);
      const audit = await onSession(db.database, (s) => readAudit(s, 1));
      expect(audit[0]).toMatchObject({ migration: "0012_item_notes", result: "failed", attempts: 3 });
      console.log(`lock-timeout drill: ${latencies.length} reads during 3 attempts, max ${Math.max(...latencies).toFixed(0)} ms (lock_timeout ${lockTimeoutMs} ms)`);
    } finally {
      await longTransaction.query("ROLLBACK").catch(() => undefined);
      await longTransaction.end();
      await traffic.end();
      folder.dispose();
    }
  });

  it("when verify fails after a step (it changed existing data), then up --verify rolls the step and the run's earlier steps back, says which check and why, and schema and data are as before", async () => {
    await migrator().down({ to: "0010_actors_expand" });
    const folder = migrationsFolder({
      "0012_item_sort_key.up.sql": "-- migrate:phase expand\nSET lock_timeout = '2s';\nALTER TABLE action_items ADD COLUMN sort_key bigint;\n",
      "0012_item_sort_key.down.sql": "ALTER TABLE action_items DROP COLUMN IF EXISTS sort_key;\n",
      // A bug: meant to fill the new column, it rewrites the titles.
      "0013_item_sort_fill.up.sql": "SET lock_timeout = '2s';\nUPDATE action_items SET title = upper(title);\n",
      "0013_item_sort_fill.down.sql": "SELECT 1;\n",
    });
    try {
      const before = await fingerprint(db.database);
      const err = (await migrator({ dir: folder.dir }).up({ verify: true }).catch((e: unknown) => e)) as Error;
      expect(err).toBeInstanceOf(MigrationError);
      expect(err.message).toMatch(/^0013_item_sort_fill \(up\): verify failed: data checksum: data in action_items \(.*title.*\) changed; rolled back, nothing changed/);
      expect(err.message).toContain("also reverted 0012_item_sort_key, 0011_actors_contract, which this run had applied");
      expect(await fingerprint(db.database)).toEqual(before);
      expect((await migrator({ dir: folder.dir }).status()).migrations.filter((m) => m.state === "applied").map((m) => m.name)).toEqual(migrationsThrough("0010_actors_expand"));
    } finally {
      folder.dispose();
    }
  });

  it("when verify finds foreign-key orphans, then up --verify rolls the step back and names the key and the count", async () => {
    const before = await fingerprint(db.database);
    const folder = migrationsFolder({
      "0012_item_tags.up.sql": [
        "-- migrate:phase expand",
        "SET lock_timeout = '2s';",
        "CREATE TABLE item_tags (user_id text NOT NULL, item_id text NOT NULL, tag text NOT NULL, PRIMARY KEY (user_id, item_id, tag));",
        // A bug: the item id gets a prefix the items do not have.
        "INSERT INTO item_tags SELECT user_id, 'x' || id, 'imported' FROM action_items WHERE state = 'open';",
        "ALTER TABLE item_tags ADD CONSTRAINT item_tags_item_fk FOREIGN KEY (user_id, item_id) REFERENCES action_items (user_id, id) NOT VALID;",
      ].join("\n"),
      "0012_item_tags.down.sql": "DROP TABLE IF EXISTS item_tags;\n",
    });
    try {
      const err = (await migrator({ dir: folder.dir }).up({ to: "0012_item_tags", verify: true }).catch((e: unknown) => e)) as Error;
      expect(err.message).toMatch(/^0012_item_tags \(up\): verify failed: foreign-key orphans: \d+ rows of item_tags point at no action_items row \(item_tags_item_fk\); /);
      expect(await fingerprint(db.database)).toEqual(before);
    } finally {
      folder.dispose();
    }
  });

  it("when verify fails after a step that commits statement by statement (the contract), then its down file undoes it and the schema and data are as before", async () => {
    const before = await fingerprint(db.database);
    const folder = migrationsFolder();
    // Leaves the key NOT VALID, which verify reports.
    const sql = readFileSync(join(folder.dir, "0011_actors_contract.up.sql"), "utf8").replace("ALTER TABLE activity_events VALIDATE CONSTRAINT activity_events_actor_fk;", "");
    folder.write("0011_actors_contract.up.sql", sql);
    try {
      const err = (await migrator({ dir: folder.dir }).up({ verify: true }).catch((e: unknown) => e)) as Error;
      expect(err.message).toMatch(/^0011_actors_contract \(up\): verify failed: unvalidated constraint: constraint activity_events\.activity_events_actor_fk is NOT VALID/);
      expect(err.message).toContain("undone by running its down file");
      expect(await fingerprint(db.database)).toEqual(before);
    } finally {
      folder.dispose();
    }
  });

  it("when a statement fails or runs past statement_timeout, then the step rolls back and the message names the statement and the reason", async () => {
    const before = await fingerprint(db.database);
    const folder = migrationsFolder({
      "0012_broken.up.sql": "-- migrate:phase expand\nSET lock_timeout = '2s';\nALTER TABLE action_items ADD COLUMN broken text;\nALTER TABLE action_items ADD COLUMN broken text;\n",
      "0012_broken.down.sql": "ALTER TABLE action_items DROP COLUMN IF EXISTS broken;\n",
    });
    try {
      await expect(migrator({ dir: folder.dir }).up({ to: "0012_broken" })).rejects.toThrow(/^0012_broken \(up\): statement at line 4 failed \(42701\): column "broken" of relation "action_items" already exists; rolled back, nothing changed/);
      folder.write("0012_broken.up.sql", "-- migrate:phase expand\nSET lock_timeout = '2s';\nALTER TABLE action_items ADD COLUMN broken text;\nSELECT pg_sleep(2);\n");
      await expect(migrator({ dir: folder.dir, statementTimeoutMs: 300 }).up({ to: "0012_broken" })).rejects.toThrow(
        /^0012_broken \(up\): statement at line 4 ran past statement_timeout; rolled back, nothing changed/,
      );
      expect(await fingerprint(db.database)).toEqual(before);
    } finally {
      folder.dispose();
    }
  });

  it("when anyone tries to change or delete an audit row, then the database refuses: the trail is append-only", async () => {
    const c = await client();
    try {
      await expect(c.query("UPDATE intro_page_migration_audit SET result = 'applied'")).rejects.toThrow(/append-only: UPDATE is not allowed/);
      await expect(c.query("DELETE FROM intro_page_migration_audit")).rejects.toThrow(/append-only: DELETE is not allowed/);
      await expect(c.query("TRUNCATE intro_page_migration_audit")).rejects.toThrow(/append-only: TRUNCATE is not allowed/);
      const { rows } = await c.query("SELECT count(*)::int AS n FROM intro_page_migration_audit WHERE result = 'failed'");
      expect(rows[0].n).toBeGreaterThan(0);
    } finally {
      await c.end();
    }
  });

  it("when plan describes a step, then the locks it names are the ones PostgreSQL takes", async () => {
    await migrator().up();
    await migrator().down();
    const [step] = await migrator().plan();
    expect(step!.migration).toBe("0011_actors_contract");
    const c = await client();
    try {
      // In one transaction, as the statements follow each other; pg_locks lists each mode a transaction holds.
      await c.query("BEGIN");
      try {
        for (const statement of step!.statements) {
          await c.query(statement.sql);
          const { rows } = await c.query<{ relname: string; mode: string }>(
            "SELECT c.relname, l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE l.pid = pg_backend_pid() AND c.relkind = 'r'",
          );
          for (const lock of statement.locks) {
            const taken = rows.filter((r) => r.relname === lock.table).map((r) => r.mode.replace(/Lock$/, "").replace(/([a-z])([A-Z])/g, "$1 $2").toUpperCase());
            expect(taken, `${statement.sql} on ${lock.table}`).toContain(lock.mode);
          }
        }
      } finally {
        await c.query("ROLLBACK");
      }
    } finally {
      await c.end();
    }
  });
});
