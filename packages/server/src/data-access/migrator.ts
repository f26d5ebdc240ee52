import type { Sequelize } from "sequelize";
import { packagePaths } from "../config/package-paths.js";
import { createMigrator } from "./migrations/migration-runner.js";
import { loadMigrations } from "./migrations/migration-files.js";

/** Pairs `NNNN_name.up.sql` with `NNNN_name.down.sql` from the migrations folder, in name order. */
export function listMigrations(dir = packagePaths().migrations): Array<{ name: string; up: string; down: string }> {
  return loadMigrations(dir).map((m) => ({ name: m.name, up: m.upPath, down: m.downPath }));
}

/**
 * Applies every pending migration (what the server does at start when
 * MIGRATE_ON_START is on); returns the names applied. Serialized by the
 * migrator's advisory lock, so instances starting at once apply each
 * migration exactly once. A contract step is refused here unless its tables
 * are empty: with data in them it needs `npm run migrate -- up`, which takes
 * a backup first (docs/migrations.md).
 */
export async function migrateUp(sequelize: Sequelize): Promise<string[]> {
  return createMigrator(sequelize).up();
}

/** Reverts every migration after `to`, or all of them when `to` is 0; returns the names reverted. */
export async function migrateDown(sequelize: Sequelize, to: string | 0 = 0): Promise<string[]> {
  return createMigrator(sequelize).down({ to });
}
