#!/usr/bin/env node
// `npm run lighthouse`: Lighthouse on the demo page as a new user meets it.
// Starts the built server like `npm start` does (demo mode: no JWT key, the
// embedded database in a temporary folder) on a free port, audits
// http://127.0.0.1:<port>/ in Chromium for desktop and mobile, and prints the
// four category scores with CLS, FCP, LCP and TBT. A measurement, not a test: it
// fails only when the server or the browser cannot start.
//
//   npm run lighthouse [-- --runs 3]    (median of the runs per form factor)
//   CHROMIUM_PATH=/path/to/chrome npm run lighthouse
//   npm run lighthouse -- --report-dir /tmp/lh   (also writes each run's full JSON report and trace there)
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";

const { values } = parseArgs({ options: { runs: { type: "string", default: "1" }, "report-dir": { type: "string" } } });
const runs = Math.max(1, Number.parseInt(values.runs, 10) || 1);
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const chromePath = process.env.CHROMIUM_PATH ?? process.env.CHROME_PATH ?? "/usr/bin/chromium";
const chromeFlags = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"];

/** A port nobody listens on right now. */
const freePort = () =>
  new Promise((resolvePort, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolvePort(port));
    });
    probe.on("error", reject);
  });

/** Starts packages/server/dist/cli/start.js in demo mode; resolves once its banner is printed. */
async function startServer(port, dataDir) {
  const env = { ...process.env, HOST: "127.0.0.1", PORT: String(port), PGLITE_DATA_DIR: dataDir, LOG_LEVEL: "warn" };
  for (const name of ["DATABASE_URL", "REDIS_URL", "JWT_SECRET", "JWT_PUBLIC_KEY", "JWT_KEYS_FILE"]) delete env[name];
  const child = spawn(process.execPath, [join(root, "packages/server/dist/cli/start.js")], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  await new Promise((started, failed) => {
    const timer = setTimeout(() => failed(new Error(`the server printed no banner within 120 s:\n${output}`)), 120_000);
    const read = (chunk) => {
      output += chunk;
      if (output.includes("intro-page is running at")) {
        clearTimeout(timer);
        started();
      }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.on("exit", (code) => failed(new Error(`the server exited (${code}):\n${output}`)));
  });
  return child;
}

/** The median of the runs that produced a value (an audit that errored gives NaN and is left out). */
const median = (numbers) => {
  const values = numbers.filter(Number.isFinite).sort((a, b) => a - b);
  return values.length === 0 ? Number.NaN : values[Math.floor(values.length / 2)];
};

/** One Lighthouse run; the numbers we report. */
async function audit(url, port, formFactor, run) {
  const flags = { port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility", "best-practices", "seo"] };
  const result = await lighthouse(url, flags, formFactor === "desktop" ? desktopConfig : undefined);
  const { categories, audits } = result.lhr;
  if (values["report-dir"]) {
    mkdirSync(values["report-dir"], { recursive: true });
    writeFileSync(join(values["report-dir"], `${formFactor}-${run + 1}.json`), JSON.stringify(result.lhr));
    // The raw trace, for what the report summarizes: each main-thread task and what ran inside it.
    const trace = result.artifacts.Trace ?? result.artifacts.traces?.defaultPass;
    if (trace) writeFileSync(join(values["report-dir"], `${formFactor}-${run + 1}.trace.json`), JSON.stringify(trace));
  }
  const failing = Object.values(categories).flatMap((category) =>
    category.auditRefs.filter((ref) => ref.weight > 0 && audits[ref.id].score !== null && audits[ref.id].score < 1).map((ref) => `${category.id}: ${ref.id} (${audits[ref.id].displayValue ?? audits[ref.id].score})`),
  );
  const score = (id) => (categories[id].score === null ? Number.NaN : Math.round(categories[id].score * 100));
  const value = (id) => audits[id]?.numericValue ?? Number.NaN;
  return {
    performance: score("performance"),
    accessibility: score("accessibility"),
    "best-practices": score("best-practices"),
    seo: score("seo"),
    cls: value("cumulative-layout-shift"),
    lcpMs: value("largest-contentful-paint"),
    tbtMs: value("total-blocking-time"),
    fcpMs: value("first-contentful-paint"),
    failing,
  };
}

const dataDir = mkdtempSync(join(tmpdir(), "intro-page-lighthouse-"));
let server;
let chrome;
try {
  const port = await freePort();
  server = await startServer(port, dataDir);
  const url = `http://127.0.0.1:${port}/`;
  chrome = await chromeLauncher.launch({ chromePath, chromeFlags });
  console.log(`Lighthouse on ${url} (demo mode), Chromium ${chromePath}, ${runs} run(s) per form factor\n`);
  const rows = [];
  for (const formFactor of ["desktop", "mobile"]) {
    const results = [];
    for (let i = 0; i < runs; i++) results.push(await audit(url, chrome.port, formFactor, i));
    const pick = (key) => median(results.map((r) => r[key]));
    if (runs > 1) for (const [i, r] of results.entries()) console.log(`${formFactor} run ${i + 1}: performance ${r.performance}, CLS ${r.cls.toFixed(3)}, FCP ${Math.round(r.fcpMs)} ms, LCP ${Math.round(r.lcpMs)} ms, TBT ${Math.round(r.tbtMs)} ms`);
    rows.push({
      "form factor": formFactor,
      performance: pick("performance"),
      accessibility: pick("accessibility"),
      "best practices": pick("best-practices"),
      SEO: pick("seo"),
      CLS: Math.round(pick("cls") * 1000) / 1000,
      "FCP (ms)": Math.round(pick("fcpMs")),
      "LCP (ms)": Math.round(pick("lcpMs")),
      "TBT (ms)": Math.round(pick("tbtMs")),
    });
    const failing = [...new Set(results.flatMap((r) => r.failing))];
    if (failing.length > 0) console.log(`${formFactor}: audits below full score: ${failing.join("; ")}`);
  }
  console.table(rows);
} finally {
  await chrome?.kill();
  if (server) {
    const exited = new Promise((done) => server.once("exit", done));
    server.kill("SIGTERM");
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
}
