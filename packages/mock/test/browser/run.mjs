#!/usr/bin/env node
// Browser test for the `/browser` entry: bundles test/browser/page.ts, serves it
// with msw's mockServiceWorker.js on 127.0.0.1 (port 0), opens it in Chromium and
// prints each check and "N passed, N failed" (the line `npm test` reads).
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import puppeteer from "puppeteer-core";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const bundle = await build({
  entryPoints: [join(here, "page.ts")],
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  write: false,
  logLevel: "error",
});
const files = {
  "/": { type: "text/html", body: '<!doctype html><title>mock</title><script type="module" src="/page.js"></script>' },
  "/page.js": { type: "text/javascript", body: bundle.outputFiles[0].text },
  "/mockServiceWorker.js": { type: "text/javascript", body: readFileSync(join(dirname(require.resolve("msw/package.json")), "lib/mockServiceWorker.js")) },
};
const server = createServer((request, response) => {
  const file = files[new URL(request.url, "http://localhost").pathname];
  if (!file) return response.writeHead(404).end();
  response.writeHead(200, { "content-type": file.type }).end(file.body);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const { port } = server.address();

let passed = 0;
let failed = 0;
const browser = await puppeteer.launch({
  executablePath,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
});
try {
  const page = await browser.newPage();
  page.on("pageerror", (error) => console.error("page error:", error.message));
  await page.goto(`http://127.0.0.1:${port}/?scenario=degraded`);
  const results = await page.waitForFunction(() => window.mockResults, { timeout: 30_000 }).then((handle) => handle.jsonValue());
  for (const result of results) {
    console.log(`${result.ok ? "✓" : "✗"} ${result.name}${result.detail ? `: ${result.detail}` : ""}`);
    if (result.ok) passed += 1;
    else failed += 1;
  }
} catch (error) {
  console.error(error);
  failed += 1;
} finally {
  await browser.close();
  server.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
