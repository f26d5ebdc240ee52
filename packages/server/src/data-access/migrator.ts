import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Sequelize, Transaction } from "sequelize";
import { QueryTypes } from "sequelize";
import { Umzug, type UmzugStorage } from "umzug";
import { packagePaths } from "../config/package-paths.js";

interface MigrationContext {
  sequelize: Sequelize;
  transaction: Transaction;
}

/** Any constant works; it only has to be the same on every instance. */
const migrationLockId = 74_201_001;
const ledger = "intro_page_migrations";

/**
 * Records applied migrations in `intro_page_migrations`, inside the same
 * transaction as the migrations themselves, so a failed run leaves no trace.
 */
class TransactionalStorage implements UmzugStorage<MigrationContext> {
  async logMigration({ name, context }: { name: string; context: MigrationContext }) {
    await context.sequelize.query(`INSERT INTO ${ledger} (name) VALUES ($1)`, { bind: [name], transaction: context.transaction });
  }

  async unlogMigration({ name, context }: { name: string; context: MigrationContext }) {
    await context.sequelize.query(`DELETE FROM ${ledger} WHERE name = $1`, { bind: [name], transaction: context.transaction });
  }

  async executed({ context }: { context: MigrationContext }) {
    const rows = await context.sequelize.query<{ name: string }>(`SELECT name FROM ${ledger} ORDER BY name`, {
      type: QueryTypes.SELECT,
      transaction: context.transaction,
    });
    return rows.map((row) => row.name);
  }
}

/** Pairs `NNNN_name.up.sql` with `NNNN_name.down.sql` from the migrations folder, in name order. */
export function listMigrations(dir = packagePaths().migrations): Array<{ name: string; up: string; down: string }> {
  const files = readdirSync(dir);
  return files
    .filter((file) => file.endsWith(".up.sql"))
    .sort()
    .map((file) => {
      const name = file.slice(0, -".up.sql".length);
      const downFile = `${name}.down.sql`;
      if (!files.includes(downFile)) throw new Error(`Migration ${name} has no ${downFile}`);
      return { name, up: join(dir, file), down: join(dir, downFile) };
    });
}

/**
 * Runs `work` with an umzug over the SQL migrations, in one transaction that
 * holds an advisory lock, so several instances starting at once apply each
 * migration exactly once and a failing migration rolls back completely.
 */
async function withMigrator<T>(sequelize: Sequelize, work: (umzug: Umzug<MigrationContext>) => Promise<T>): Promise<T> {
  return sequelize.transaction(async (transaction) => {
    await sequelize.query("SELECT pg_advisory_xact_lock($1)", { bind: [migrationLockId], transaction });
    await sequelize.query(`CREATE TABLE IF NOT EXISTS ${ledger} (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`, { transaction });
    const umzug = new Umzug<MigrationContext>({
      context: { sequelize, transaction },
      storage: new TransactionalStorage(),
      logger: undefined,
      migrations: listMigrations().map(({ name, up, down }) => ({
        name,
        up: async ({ context }) => {
          await context.sequelize.query(readFileSync(up, "utf8"), { transaction: context.transaction });
        },
        down: async ({ context }) => {
          await context.sequelize.query(readFileSync(down, "utf8"), { transaction: context.transaction });
        },
      })),
    });
    return work(umzug);
  });
}

/** Applies every pending migration; returns the names applied. */
export async function migrateUp(sequelize: Sequelize): Promise<string[]> {
  return withMigrator(sequelize, async (umzug) => (await umzug.up()).map((m) => m.name));
}

/** Reverts migrations down to (excluding) `to`, or all of them when `to` is 0; returns the names reverted. */
export async function migrateDown(sequelize: Sequelize, to: string | 0 = 0): Promise<string[]> {
  return withMigrator(sequelize, async (umzug) => (await umzug.down({ to })).map((m) => m.name));
}
