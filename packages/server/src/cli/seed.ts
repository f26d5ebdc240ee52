#!/usr/bin/env node
// `npm run seed -- --users N [--prefix user]`: a large generated dataset, with a progress bar.
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { openDatabase } from "../data-access/database.js";
import { migrateUp } from "../data-access/migrator.js";
import { seedUsers } from "../seed/seed-users.js";
import { loadCliConfig } from "./local-data.js";

const usage = "usage: npm run seed -- --users <N> [--prefix user] (stop a server using the same embedded database first)";
let values: { users?: string; prefix?: string; help?: boolean };
try {
  ({ values } = parseArgs({ options: { users: { type: "string", default: "1000" }, prefix: { type: "string", default: "user" }, help: { type: "boolean" } } }));
} catch (err) {
  console.error(`${(err as Error).message}\n${usage}`);
  process.exit(2);
}
const users = Number(values.users);
if (values.help || !Number.isInteger(users) || users < 1 || users > 10_000_000 || !/^[A-Za-z0-9_-]{1,40}$/.test(values.prefix ?? "")) {
  console.error(usage);
  process.exit(values.help ? 0 : 2);
}

const config = loadCliConfig();
const database = await openDatabase(config);
try {
  await migrateUp(database.sequelize);
  const bar = new cliProgress.SingleBar({ format: "seeding [{bar}] {percentage}% | {value}/{total} users | {duration_formatted}" }, cliProgress.Presets.shades_classic);
  const started = performance.now();
  bar.start(users, 0);
  await seedUsers(database.sequelize, { users, prefix: values.prefix ?? "user", onProgress: (done) => bar.update(done) });
  bar.stop();
  const seconds = (performance.now() - started) / 1000;
  console.log(`seeded ${users} users in ${seconds.toFixed(1)} s (${Math.round(users / seconds)} users/s) into ${database.kind === "pglite" ? config.PGLITE_DATA_DIR : "PostgreSQL"}`);
} finally {
  await database.close();
}
