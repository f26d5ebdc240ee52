#!/usr/bin/env node
// Part of `npm run build`: copies what the server reads at run time into
// dist/assets, so the package runs when installed from the registry (see
// src/config/package-paths.ts): the SQL migrations, and the widget's demo
// page with its standalone bundle and locales when the widget is built. The
// page and the bundle are also written precompressed (`.br`, `.gz` beside
// each file) for src/http/routes/demo.ts to serve by Accept-Encoding. The
// contract is copied too, for the API reference built below and for readers
// of the package; the server itself serves the copy generated into
// src/generated (src/http/contract-document.ts).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
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
  const compressed = precompress(join(assets, "demo")) + precompress(join(assets, "widget"));
  console.log(`assets: openapi.yaml, migrations, demo page, widget bundle, locales and live-push modules copied to dist/assets (${compressed} files precompressed)`);
} else {
  console.log("assets: openapi.yaml and migrations copied to dist/assets; no demo page (build packages/widget first to include it)");
}

/**
 * Writes `<file>.br` (quality 11) and `<file>.gz` (level 9) next to every
 * text file under `dir` (not source maps: only developer tools read them).
 * Returns how many files it compressed.
 */
function precompress(dir) {
  let count = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.(?:html|js|css|json|svg|txt)$/.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    const bytes = readFileSync(path);
    writeFileSync(`${path}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }));
    writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
    count++;
  }
  return count;
}

// The one-page API reference served at /docs/reference (docs/api.md), built from the contract by Redocly.
const redocly = join(repository, "node_modules/.bin/redocly");
if (existsSync(redocly)) {
  const built = spawnSync(redocly, ["build-docs", join(assets, "openapi.yaml"), "-o", join(assets, "api-reference.html")], { encoding: "utf8" });
  if (built.status !== 0) throw new Error(`redocly build-docs failed:\n${built.stderr}`);
  console.log("assets: API reference built to dist/assets/api-reference.html");
}
