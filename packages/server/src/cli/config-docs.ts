#!/usr/bin/env node
// `npm run docs -w @intro-page/server`: rewrites the configuration tables (the package README and, in the
// repository, docs/deployment.md) from the schema.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { withConfigTable } from "../config/config-table.js";
import { packageRoot } from "../config/package-paths.js";

const files = [join(packageRoot(), "README.md"), join(packageRoot(), "..", "..", "docs", "deployment.md")].filter((file) => existsSync(file));
for (const file of files) {
  writeFileSync(file, withConfigTable(readFileSync(file, "utf8")));
  console.log(`updated the configuration table in ${file}`);
}
