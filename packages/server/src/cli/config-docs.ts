#!/usr/bin/env node
// `npm run docs -w @intro-page/server`: rewrites the configuration table in the package README from the schema.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { withConfigTable } from "../config/config-table.js";
import { packageRoot } from "../config/package-paths.js";

const readme = join(packageRoot(), "README.md");
writeFileSync(readme, withConfigTable(readFileSync(readme, "utf8")));
console.log(`updated the configuration table in ${readme}`);
