#!/usr/bin/env node
// Part of `npm run build`: copies what the server reads at run time into
// dist/assets, so the package runs when installed from the registry (see
// src/config/package-paths.ts): the contract, the SQL migrations, and the
// widget's demo page with its standalone bundle when the widget is built.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repository = resolve(packageDir, "../..");
const widget = join(repository, "packages/widget");
const assets = join(packageDir, "dist/assets");

rmSync(assets, { recursive: true, force: true });
mkdirSync(join(assets, "migrations"), { recursive: true });
cpSync(join(repository, "openapi.yaml"), join(assets, "openapi.yaml"));
cpSync(join(packageDir, "static", "dashboard"), join(assets, "dashboard"), { recursive: true });
for (const file of readdirSync(join(repository, "migrations")).filter((name) => name.endsWith(".sql"))) {
  cpSync(join(repository, "migrations", file), join(assets, "migrations", file));
}

const bundle = join(widget, "dist/intro-page.standalone.js");
if (existsSync(bundle) && existsSync(join(widget, "demo/index.html"))) {
  cpSync(join(widget, "demo"), join(assets, "demo"), { recursive: true });
  mkdirSync(join(assets, "widget"));
  for (const file of [bundle, `${bundle}.map`, `${bundle}.LEGAL.txt`].filter((path) => existsSync(path))) cpSync(file, join(assets, "widget", file.slice(file.lastIndexOf("/") + 1)));
  // The files the bundle loads on demand: other locales' catalogues and the live-push modules.
  for (const folder of ["locales", "live"].filter((name) => existsSync(join(widget, "dist", name)))) cpSync(join(widget, "dist", folder), join(assets, "widget", folder), { recursive: true });
  console.log("assets: openapi.yaml, migrations, demo page and widget bundle copied to dist/assets");
} else {
  console.log("assets: openapi.yaml and migrations copied to dist/assets; no demo page (build packages/widget first to include it)");
}

// The one-page API reference served at /docs/reference (docs/api.md), built from the contract by Redocly.
const redocly = join(repository, "node_modules/.bin/redocly");
if (existsSync(redocly)) {
  const built = spawnSync(redocly, ["build-docs", join(assets, "openapi.yaml"), "-o", join(assets, "api-reference.html")], { encoding: "utf8" });
  if (built.status !== 0) throw new Error(`redocly build-docs failed:\n${built.stderr}`);
  console.log("assets: API reference built to dist/assets/api-reference.html");
}
