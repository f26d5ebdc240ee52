#!/usr/bin/env node
// `npm run bench:page-load`: how soon a host page shows the widget's skeleton and then its content, over N loads
// in headless Chromium against the real server (built CLI, demo data seeded).
//
// Each load is a fresh browser context (no HTTP cache, no storage: a first visit) opening a host page of this
// script's own at <server>/bench-host (Playwright fulfils it; the bundle and the API come from the server). The
// times are the widget's own User Timing marks, from navigation start: `intro-page:skeleton` (skeletons are in
// the DOM) and `intro-page:content` (content replaced them). Two unmeasured loads warm the server and Chromium
// first. Prints p50/p95 (nearest rank) per viewport; nothing is asserted (speed is shown by numbers, not tests).
//
//   npm run bench:page-load
//   npm run bench:page-load -- --loads 50 --viewport mobile
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/intro_page_perf npm run bench:page-load   (migrated first)
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { ensurePostgresDatabase, migrate } from "./lib/db/database.mjs";
import { runSecret } from "./lib/lab.mjs";
import { startIntroPageServer } from "./lib/processes.mjs";
import { summarize } from "./lib/stats.mjs";
import { createSigner } from "./lib/tokens.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values: args } = parseArgs({
  options: {
    loads: { type: "string", default: "20" },
    viewport: { type: "string", default: "both" },
    user: { type: "string", default: "demo" },
    warmup: { type: "string", default: "2" },
  },
});
const loads = Number(args.loads);
const viewports = {
  desktop: { viewport: { width: 1280, height: 800 } },
  mobile: { viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
};
const chosen = args.viewport === "both" ? Object.keys(viewports) : [args.viewport];
for (const name of chosen) if (!viewports[name]) throw new Error(`--viewport must be desktop, mobile or both, not ${name}`);

const secret = runSecret();
const sign = createSigner({ secret });
const scratch = mkdtempSync(join(tmpdir(), "intro-page-page-load-"));
const databaseUrl = process.env.DATABASE_URL;
const dbEnv = databaseUrl ? { DATABASE_URL: databaseUrl } : { PGLITE_DATA_DIR: join(scratch, "pglite") };
if (databaseUrl) {
  await ensurePostgresDatabase(databaseUrl);
  await migrate(root, dbEnv);
}
const server = await startIntroPageServer({
  root,
  env: { ...dbEnv, JWT_SECRET: secret, LOG_LEVEL: "warn", SEED_DEMO: "true", RATE_LIMIT_READ: "1000000", RATE_LIMIT_WRITE: "1000000" },
});

const hostPage = (token) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>bench host</title>
<style>body{margin:0;font-family:system-ui,sans-serif}intro-page:not(:defined){display:block;min-block-size:100vh}</style>
<script type="module" src="/dist/intro-page.standalone.js"></script></head>
<body><main><intro-page user-id="${args.user}" token="${token}" poll-interval="0"></intro-page></main></body></html>`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
});

/** One fresh load; the widget's two marks in ms from navigation start. */
async function loadOnce(options) {
  const context = await browser.newContext(options);
  try {
    const page = await context.newPage();
    await page.route(`${server.url}/bench-host`, (route) => route.fulfill({ contentType: "text/html; charset=utf-8", body: hostPage(sign(args.user, ["user"])) }));
    await page.goto(`${server.url}/bench-host`);
    const handle = await page.waitForFunction(
      () => {
        const at = (name) => performance.getEntriesByName(name, "mark")[0]?.startTime;
        const skeleton = at("intro-page:skeleton");
        const content = at("intro-page:content");
        return skeleton !== undefined && content !== undefined && { skeleton, content };
      },
      undefined,
      { timeout: 60_000 },
    );
    return await handle.jsonValue();
  } finally {
    await context.close();
  }
}

const fmt = (s) => `p50 ${s.p50.toFixed(1).padStart(7)} ms   p95 ${s.p95.toFixed(1).padStart(7)} ms`;
console.log(`page load: ${loads} fresh loads per viewport of a host page with <intro-page user-id="${args.user}">, ${databaseUrl ? "PostgreSQL" : "PGlite"}, ${cpus().length} cores, load ${loadavg()[0].toFixed(2)}`);
try {
  for (const name of chosen) {
    for (let i = 0; i < Number(args.warmup); i++) await loadOnce(viewports[name]);
    const skeleton = [];
    const content = [];
    for (let i = 0; i < loads; i++) {
      const t = await loadOnce(viewports[name]);
      skeleton.push(t.skeleton);
      content.push(t.content);
    }
    console.log(`  ${name.padEnd(8)} first skeleton  ${fmt(summarize(skeleton))}`);
    console.log(`  ${name.padEnd(8)} content         ${fmt(summarize(content))}`);
  }
} finally {
  await browser.close();
  await server.stop();
  rmSync(scratch, { recursive: true, force: true });
}
