import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { QueryTypes } from "sequelize";
import { loadConfig } from "../../src/config/config.js";
import { packagePaths } from "../../src/config/package-paths.js";
import { openDatabase, type Database } from "../../src/data-access/database.js";
import { checksumAll, describeSchema, type TableChecksum } from "../../src/data-access/migrations/catalog.js";
import { openSession, type MigrationSession } from "../../src/data-access/migrations/session.js";
import { listMigrations } from "../../src/data-access/migrator.js";
import { createTestDatabase, TEST_DATABASE_URL, type SharedDatabase } from "./database.js";

export { TEST_DATABASE_URL };

/** The shipped migrations in order, up to and including `name`. */
export function migrationsThrough(name: string): string[] {
  const names = listMigrations().map((m) => m.name);
  const at = names.indexOf(name);
  if (at < 0) throw new Error(`no migration named ${name}`);
  return names.slice(0, at + 1);
}

/**
 * The last migration before the actors expand/contract pair: the schema a live
 * database has before that release. Derived, so a migration added before the
 * pair moves it without touching the suites.
 */
export const BEFORE_ACTORS = migrationsThrough("0010_actors_expand").at(-2)!;

/** A fresh PostgreSQL database for one migration suite, and a connection pool to it. */
export interface MigrationTestDatabase {
  url: string;
  database: Database;
  drop(): Promise<void>;
}

/** Creates `intro_page_<label>_<random>` on TEST_DATABASE_URL and connects to it (these suites need real PostgreSQL). */
export async function createMigrationTestDatabase(label: string, poolMax = 4): Promise<MigrationTestDatabase> {
  const created = (await createTestDatabase(label)) as SharedDatabase;
  const database = await openDatabase(loadConfig({ DATABASE_URL: created.url, DATABASE_POOL_MAX: String(poolMax) }));
  return {
    url: created.url,
    database,
    async drop() {
      await database.close().catch(() => undefined);
      await created.drop();
    },
  };
}

/** Runs `work` on a connection of its own. */
export async function onSession<T>(database: Database, work: (session: MigrationSession) => Promise<T>): Promise<T> {
  const session = await openSession(database.sequelize);
  try {
    return await work(session);
  } finally {
    await session.release();
  }
}

/** The schema from the catalog and every table's row count and checksum: what "identical" means in these suites. */
export async function fingerprint(database: Database): Promise<{ schema: string[]; data: Record<string, TableChecksum> }> {
  return onSession(database, async (session) => ({ schema: await describeSchema(session), data: await checksumAll(session) }));
}

/** A temporary copy of the real migrations plus `extra` files (name → SQL); removed by `dispose`. */
export function migrationsFolder(extra: Record<string, string> = {}, without: string[] = []): { dir: string; write(name: string, sql: string): void; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), "intro-page-migrations-"));
  cpSync(packagePaths().migrations, dir, { recursive: true, filter: (src) => !without.some((name) => src.endsWith(name)) });
  const write = (name: string, sql: string) => writeFileSync(join(dir, name), sql);
  for (const [name, sql] of Object.entries(extra)) write(name, sql);
  return { dir, write, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs a SELECT on the pool and returns its rows. */
export function selectAll<Row extends object>(database: Database, sql: string): Promise<Row[]> {
  return database.sequelize.query<Row>(sql, { type: QueryTypes.SELECT });
}
