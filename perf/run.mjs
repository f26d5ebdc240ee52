#!/usr/bin/env node
// `npm run perf`: runs the scenarios in perf/scenarios.json against a real
// server process with autocannon (the same scenarios perf/k6/intro-page.js
// runs for people with k6), prints req/s and p50/p95/p99 per scenario and
// writes a JSON and a Markdown report to perf/reports/ (git-ignored). Not part of `npm test`.
//
//   npm run perf                                  all scenarios, 10 s each, own server
//   npm run perf -- --scenario page-warm --duration 30
//   npm run perf -- --url http://host:3000 --token <admin JWT>   an already running server
//
// The server is started from packages/server/dist (built by `preperf`) on an
// embedded PGlite in a temp dir, or on DATABASE_URL / REDIS_URL when set.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir, cpus, totalmem, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";

const perfDir = dirname(fileURLToPath(import.meta.url));
const root = resolve(perfDir, "..");
const { values: args } = parseArgs({
  options: {
    scenario: { type: "string", multiple: true },
    duration: { type: "string", default: "10" },
    url: { type: "string" },
    token: { type: "string" },
    secret: { type: "string" },
  },
});
const duration = Number(args.duration);
const { scenarios: all } = JSON.parse(readFileSync(join(perfDir, "scenarios.json"), "utf8"));
const scenarios = args.scenario ? all.filter((s) => args.scenario.includes(s.name)) : all;
if (scenarios.length === 0) throw new Error(`No scenario named ${args.scenario}; see perf/scenarios.json.`);

const secret = args.secret ?? process.env.JWT_SECRET ?? "perf-secret-please-change-0123456789abcdef";
const { signToken } = await import(join(root, "packages/server/dist/index.js"));
const tokenFor = (scenario) =>
  args.token ?? signToken(scenario.subject, scenario.roles, 3600, { key: secret, algorithm: "HS256", issuer: process.env.JWT_ISSUER ?? "intro-page", audience: process.env.JWT_AUDIENCE ?? "intro-page" });

/** Starts `intro-page-server` as its own process (so load generation does not share its event loop). */
async function startServer() {
  const dataDir = mkdtempSync(join(tmpdir(), "intro-page-perf-"));
  const child = spawn(process.execPath, [join(root, "packages/server/dist/cli/start.js")], {
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      JWT_SECRET: secret,
      LOG_LEVEL: "warn",
      // Measure the server, not the limiter's refusals.
      RATE_LIMIT_READ: "1000000",
      RATE_LIMIT_WRITE: "1000000",
      ...(process.env.DATABASE_URL ? {} : { PGLITE_DATA_DIR: join(dataDir, "pglite") }),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise((resolveUrl, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const match = /running at (http:\/\/\S+)/.exec(out);
      if (match) resolveUrl(match[1].replace("localhost", "127.0.0.1"));
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code} before starting`)));
  });
  child.stdout.resume();
  return {
    url,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((done) => child.once("exit", done));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Exact percentile of the observed response times (ms). */
function percentile(sorted, q) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

async function runScenario(base, scenario) {
  const headers = { accept: "application/json" };
  if (scenario.roles) headers.authorization = `Bearer ${tokenFor(scenario)}`;
  if (scenario.contentType) headers["content-type"] = scenario.contentType;
  const paths = scenario.paths ?? [scenario.path];
  if (scenario.conditional) {
    const first = await fetch(`${base}${paths[0]}`, { headers });
    await first.text();
    headers["if-none-match"] = first.headers.get("etag") ?? "";
  }
  // Warm up: fill caches so the measurement is of the steady state.
  for (const path of paths) await (await fetch(`${base}${path}`, { method: scenario.method, headers, body: scenario.body ? JSON.stringify(scenario.body) : undefined })).text();

  const times = [];
  let next = 0;
  const instance = autocannon({
    url: base,
    connections: scenario.connections,
    duration,
    ...(scenario.rate ? { overallRate: scenario.rate } : {}),
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          method: scenario.method,
          path: paths[next++ % paths.length],
          headers,
          ...(scenario.body ? { body: JSON.stringify(scenario.body) } : {}),
        }),
      },
    ],
  });
  instance.on("response", (_client, _status, _bytes, responseTime) => times.push(responseTime));
  const result = await instance;
  times.sort((a, b) => a - b);
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count]));
  return {
    name: scenario.name,
    description: scenario.description,
    connections: scenario.connections,
    offeredRate: scenario.rate ?? null,
    durationS: result.duration,
    requests: result.requests.total,
    reqPerSec: Math.round(result.requests.average),
    p50Ms: round(percentile(times, 0.5)),
    p95Ms: round(percentile(times, 0.95)),
    p99Ms: round(percentile(times, 0.99)),
    maxMs: round(times.at(-1) ?? 0),
    // autocannon's own p99 corrects for coordinated omission when a rate is set.
    p99CorrectedMs: round(result.latency.p99),
    errors: result.errors,
    timeouts: result.timeouts,
    statuses,
  };
}

const round = (n) => Math.round(n * 100) / 100;

const server = args.url ? { url: args.url.replace(/\/$/, ""), stop: async () => undefined } : await startServer();
const results = [];
try {
  for (const scenario of scenarios) {
    process.stdout.write(`running ${scenario.name} (${duration} s, ${scenario.connections} connections${scenario.rate ? `, ${scenario.rate} req/s offered` : ""}) … `);
    const result = await runScenario(server.url, scenario);
    results.push(result);
    console.log(`${result.reqPerSec} req/s, p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms, p99 ${result.p99Ms} ms, statuses ${JSON.stringify(result.statuses)}`);
  }
} finally {
  await server.stop();
}

const header = "| scenario | conn | req/s | p50 ms | p95 ms | p99 ms | p99 CO-corrected ms | max ms | errors | statuses |";
const rows = results.map(
  (r) => `| ${r.name}${r.offeredRate ? ` (${r.offeredRate}/s offered)` : ""} | ${r.connections} | ${r.reqPerSec} | ${r.p50Ms} | ${r.p95Ms} | ${r.p99Ms} | ${r.p99CorrectedMs} | ${r.maxMs} | ${r.errors} | ${JSON.stringify(r.statuses)} |`,
);
const machine = { loadAverage1m: Math.round(loadavg()[0] * 10) / 10, node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "unknown", memoryGb: Math.round(totalmem() / 2 ** 30), database: process.env.DATABASE_URL ? "postgres" : "pglite", redis: Boolean(process.env.REDIS_URL) };
console.log(`\n${header}\n|${"---|".repeat(10)}\n${rows.join("\n")}`);

const stamp = new Date().toISOString().replace(/[:.]/g, "-");
mkdirSync(join(perfDir, "reports"), { recursive: true });
writeFileSync(join(perfDir, "reports", `${stamp}.json`), JSON.stringify({ date: new Date().toISOString(), durationS: duration, machine, results }, null, 2));
const markdown = [
  `# intro-page load report ${new Date().toISOString()}`,
  "",
  `Node ${machine.node}, ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, load average ${machine.loadAverage1m} at the end; database ${machine.database}; Redis ${machine.redis ? "on" : "off"}; ${duration} s per scenario; load generator on the same machine.`,
  "",
  header,
  `|${"---|".repeat(10)}`,
  ...rows,
  "",
  "p50/p95/p99 are exact over every response observed; the CO-corrected p99 is autocannon's (meaningful for fixed-rate scenarios).",
  "",
].join("\n");
writeFileSync(join(perfDir, "reports", `${stamp}.md`), markdown);
console.log(`\nreports: perf/reports/${stamp}.json and perf/reports/${stamp}.md`);
