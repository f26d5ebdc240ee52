#!/usr/bin/env node
// `node dist/cli/migrate.js up|down [--to <name>]`: apply or revert the SQL migrations.
import { parseArgs } from "node:util";
import { openDatabase } from "../data-access/database.js";
import { migrateDown, migrateUp } from "../data-access/migrator.js";
import { loadCliConfig } from "./local-data.js";

const { positionals, values } = parseArgs({ allowPositionals: true, options: { to: { type: "string" } } });
const direction = positionals[0] ?? "up";
if (direction !== "up" && direction !== "down") {
  console.error("usage: migrate up | down [--to <name>]");
  process.exit(2);
}
const database = await openDatabase(loadCliConfig());
try {
  const names = direction === "up" ? await migrateUp(database.sequelize) : await migrateDown(database.sequelize, values.to ?? 0);
  console.log(names.length === 0 ? "nothing to do" : `${direction === "up" ? "applied" : "reverted"}: ${names.join(", ")}`);
} finally {
  await database.close();
}
