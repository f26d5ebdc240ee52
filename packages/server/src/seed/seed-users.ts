import type { Sequelize } from "sequelize";
import { activityFor, itemsFor, personName, randomSource, type SeedUser } from "./dataset.js";
import { probeActivityShape } from "../data-access/activity-shape.js";
import { execute } from "../data-access/sql.js";
import { insertDataset } from "./insert-dataset.js";

/** Options for `seedUsers`. */
export interface SeedUsersOptions {
  users: number;
  /** Items per user (default 12). */
  itemsPerUser?: number;
  /** Activity events per user (default 30). */
  activityPerUser?: number;
  /** Users per insert batch (default 500). */
  batchSize?: number;
  /** Prefix of generated ids (default `user`); ids are `<prefix>-000001` … */
  prefix?: string;
  /** Called after each batch with the number of users done. */
  onProgress?: (done: number) => void;
  now?: Date;
}

/**
 * Inserts `users` generated users with items and activity, batch by batch
 * (one transaction each), then has the database analyze the tables it
 * filled. Deterministic per prefix; rerunning skips rows that already exist.
 */
export async function seedUsers(sequelize: Sequelize, options: SeedUsersOptions): Promise<void> {
  const { itemsPerUser = 12, activityPerUser = 30, batchSize = 500, prefix = "user", now = new Date() } = options;
  const random = randomSource(options.users * 7919 + prefix.length);
  const width = Math.max(6, String(options.users).length);
  for (let start = 0; start < options.users; start += batchSize) {
    const end = Math.min(options.users, start + batchSize);
    const users: SeedUser[] = [];
    for (let n = start + 1; n <= end; n++) {
      users.push({ id: `${prefix}-${String(n).padStart(width, "0")}`, displayName: personName(random), lastActiveAt: new Date(now.getTime() - Math.floor(random() * 72) * 3_600_000) });
    }
    const items = users.flatMap((u) => itemsFor(u.id, itemsPerUser, random, now));
    const activity = users.flatMap((u) => activityFor(u.id, activityPerUser, 14, random, now));
    await sequelize.transaction((transaction) => insertDataset(sequelize, { users, items, activity }, transaction));
    options.onProgress?.(end);
  }
  await analyzeSeededTables(sequelize);
}

/**
 * Gathers the planner's statistics for the tables a seed fills. Without them
 * the planner guesses every table's size (a server that reads the users right
 * after a bulk load, as the benchmarks do, gets plans made for empty
 * tables): autovacuum analyzes a table only some time after the load, and
 * not at all where it is switched off.
 */
async function analyzeSeededTables(sequelize: Sequelize): Promise<void> {
  // `actors` exists only from the activity migration on, the shape insertDataset filled.
  const actors = (await probeActivityShape(sequelize)) !== "legacy";
  await execute(sequelize, `ANALYZE users, action_items, activity_events${actors ? ", actors" : ""}`);
}
