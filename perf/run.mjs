#!/usr/bin/env node
// `npm run bench` / `bench:full` / `soak`: the performance lab. Seeds (or
// reuses) the dataset, times the section queries, starts the server and the
// two baselines each in its own process, runs every scenario at saturation
// and at a fixed offered rate, times the widget in Chromium, then prints one
// table and writes perf/results/<timestamp>.json and .html with the
// comparison against the previous run and the recommendations.
//
//   npm run bench                                   quick profile (small dataset, < 2 min)
//   npm run bench:full                              10,000 users, 1,000,000 activity rows
//   npm run bench -- --scenario page-warm --seconds 10
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/intro_page_perf npm run bench
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { compareRatios, DEFAULT_MARGIN, findPrevious } from "./lib/compare.mjs";
import { gitInfo, loadAverage, machineInfo } from "./lib/environment.mjs";
import { insightsFor, measurementsOf } from "./lib/insights.mjs";
import { saturationGenerator } from "./lib/load/saturation.mjs";
import { ensureServerBuilt, prepareDatabase, runSecret, samplePage, serverEnv } from "./lib/lab.mjs";
import { startBaseline, startIntroPageServer } from "./lib/processes.mjs";
import { profiles } from "./lib/profiles.mjs";
import { renderReport } from "./lib/report/html.mjs";
import { columns, formatTable, ratioRows, summaryRows } from "./lib/report/table.mjs";
import { buildPlan, perfUserId } from "./lib/requests.mjs";
import { runScenarioPhases } from "./lib/scenario-runner.mjs";
import { loadScenarios } from "./lib/scenarios.mjs";
import { createSigner, toWireRequests } from "./lib/tokens.mjs";
import { bundleSizes, measureWidget } from "./lib/widget-timing.mjs";

const perfDir = dirname(fileURLToPath(import.meta.url));
const root = resolve(perfDir, "..");
const { values: args } = parseArgs({
  options: {
    profile: { type: "string", default: "quick" },
    scenario: { type: "string", multiple: true },
    seconds: { type: "string" },
    "log-level": { type: "string", default: "info" },
    margin: { type: "string", default: String(DEFAULT_MARGIN) },
    "no-baselines": { type: "boolean" },
    "no-db": { type: "boolean" },
    "no-widget": { type: "boolean" },
    out: { type: "string", default: join(perfDir, "results") },
  },
});
const profile = profiles[args.profile];
if (!profile) throw new Error(`unknown --profile ${args.profile}; one of ${Object.keys(profiles).join(", ")}`);
const phaseSeconds = Number(args.seconds ?? profile.phaseSeconds);
const scenarios = loadScenarios(args.scenario ?? profile.scenarios);
const started = performance.now();
const machine = machineInfo();
const runId = `${Date.now().toString(36)}`;

const steps = {};
/** Records how long each step took, so the quick profile can be kept under two minutes. */
const step = async (name, work) => {
  const t0 = performance.now();
  try {
    return await work();
  } finally {
    steps[name] = Math.round((performance.now() - t0) / 100) / 10;
  }
};
ensureServerBuilt(root);
const generator = saturationGenerator();
const db = await step("database", () => prepareDatabase({ root, perfDir, profile, queryRuns: args["no-db"] ? 0 : profile.queryRuns }));
const secret = runSecret();
const sign = createSigner({ secret });
const adminToken = sign("perf-admin", ["admin"]);
const server = await step("server start", () => startIntroPageServer({ root, env: serverEnv({ dbEnv: db.dbEnv, secret, logLevel: args["log-level"] }) }));
const baselines = [];
const result = {
  version: 1,
  date: new Date().toISOString(),
  profile: args.profile,
  git: gitInfo(root),
  machine,
  settings: { database: db.kind, generator, phaseSeconds, logLevel: args["log-level"], poolMax: db.kind === "postgres" ? Number(process.env.DATABASE_POOL_MAX ?? 10) : 1 },
  // Traffic spreads over every perf user present (a full dataset left by bench:full makes cold reads truly cold).
  dataset: { ...db.dataset, planUsers: db.dataset.users },
  scenarios: [],
  baselines: {},
  ratios: [],
};

const phases = ["saturation", "fixedRate"];
const phaseLine = (label, p) =>
  `  ${label.padEnd(34)} ${String(Math.round(p.reqPerSec)).padStart(7)} req/s  p50 ${p.latencyMs.p50.toFixed(2)}  p95 ${p.latencyMs.p95.toFixed(2)}  p99 ${p.latencyMs.p99.toFixed(2)} ms  errors ${(p.errorRate * 100).toFixed(2)}%`;

try {
  const page = await samplePage(server, sign);
  result.pageBytes = page.bytes;
  if (!args["no-baselines"] && scenarios.some((s) => s.baseline)) {
    for (const kind of ["raw-http", "bare-express"]) baselines.push(await startBaseline(kind, page));
  }
  for (const scenario of scenarios) {
    console.log(`${scenario.name}: ${scenario.description}`);
    const plan = buildPlan(scenario, db.dataset.users);
    const requests = toWireRequests(plan, sign);
    const measured = await step(scenario.name, () => runScenarioPhases({ scenario, target: server, requests, seconds: phaseSeconds, adminToken, runId }));
    result.scenarios.push({
      name: scenario.name,
      description: scenario.description,
      thresholds: scenario.thresholds,
      expectsWarmCache: !scenario.invalidateCacheFirst && scenario.traffic.every((t) => t.kind.startsWith("page")) && scenario.traffic.every((t) => t.users !== "all"),
      ...measured,
    });
    for (const phase of phases) if (measured[phase]) console.log(phaseLine(`intro-page ${phase}`, measured[phase]));
    if (measured.circuitWaitS > 1) console.log(`  (waited ${measured.circuitWaitS} s for open section circuits to close before this scenario)`);
    if (!scenario.baseline) continue;
    for (const baseline of baselines) {
      const b = await step(`${scenario.name} on ${baseline.name}`, () => runScenarioPhases({ scenario, target: baseline, requests, seconds: phaseSeconds, adminToken, runId }));
      (result.baselines[baseline.name] ??= {})[scenario.name] = b;
      for (const phase of phases) if (b[phase]) console.log(phaseLine(`${baseline.name} ${phase}`, b[phase]));
      if (measured.saturation && b.saturation) {
        result.ratios.push({
          key: `${scenario.name} saturation vs ${baseline.name}`,
          scenario: scenario.name,
          phase: "saturation",
          baseline: baseline.name,
          ours: measured.saturation.reqPerSec,
          theirs: b.saturation.reqPerSec,
          ratio: Math.round((measured.saturation.reqPerSec / b.saturation.reqPerSec) * 1000) / 1000,
        });
      }
    }
  }
  const warm = result.scenarios.find((s) => s.name === "page-warm")?.saturation;
  const poll = result.scenarios.find((s) => s.name === "page-304")?.saturation;
  if (warm && poll) {
    result.ratios.push({ key: "page-304 vs page-warm (saturation)", scenario: "page-304", phase: "saturation", baseline: "page-warm", ours: poll.reqPerSec, theirs: warm.reqPerSec, ratio: Math.round((poll.reqPerSec / warm.reqPerSec) * 1000) / 1000 });
  }
  for (const baseline of baselines.splice(0)) await baseline.stop();

  if (profile.widgetLoads > 0 && !args["no-widget"]) {
    const bundles = bundleSizes(join(root, "packages/widget/dist"));
    const demo = await fetch(`${server.url}/`, { redirect: "manual" });
    await demo.arrayBuffer();
    if (demo.status !== 200) {
      result.widget = { skipped: "the server serves no demo page (build the widget: npm run build -w packages/widget)", bundles };
    } else {
      try {
        const userId = perfUserId(1);
        const timing = await step("widget", () => measureWidget({ pageUrl: `${server.url}/?user-id=${userId}&token=${sign(userId, ["user"])}`, loads: profile.widgetLoads }));
        result.widget = { timing, bundles, note: "Times from navigation start. The widget sets no performance marks yet: they come from DOM observation unless the source says otherwise." };
      } catch (err) {
        result.widget = { skipped: `Chromium: ${err.message.split("\n")[0]}`, bundles };
      }
    }
  }
} finally {
  for (const baseline of baselines) await baseline.stop();
  await server.stop();
}

if (db.queries) result.database = { kind: db.kind, users: db.dataset.users, activity: db.dataset.activity, queries: db.queries };
result.machine.loadAverageEnd = loadAverage();
result.durationS = Math.round((performance.now() - started) / 100) / 10;
result.stepsS = steps;
result.insights = insightsFor(measurementsOf(result));
mkdirSync(args.out, { recursive: true });
const stamp = result.date.replace(/[:.]/g, "-");
const previous = findPrevious(args.out, { profile: result.profile, database: result.settings.database, keys: result.ratios.map((r) => r.key) }, `${stamp}.json`);
result.comparison = compareRatios(result, previous?.result, Number(args.margin), previous?.file);
writeFileSync(join(args.out, `${stamp}.json`), `${JSON.stringify(result, null, 1)}\n`);
writeFileSync(join(args.out, `${stamp}.html`), renderReport(result));

console.log(`\n${formatTable(columns, summaryRows(result))}`);
if (result.ratios.length) console.log(`\n${formatTable(["ratio", "ours req/s", "theirs req/s", "ratio"], ratioRows(result))}`);
if (result.database) console.log(`\n${formatTable(["section", "query", "p50 ms", "p95 ms", "execution ms", "index"], result.database.queries.map((q) => [q.section, q.name, q.p50Ms, q.p95Ms, q.executionMs, q.usesIndex ? "yes" : "NO"]))}`);
if (result.widget?.timing) console.log(`\nwidget (${result.widget.timing.loads} loads): first skeleton p50 ${result.widget.timing.skeletonMs.p50} ms p95 ${result.widget.timing.skeletonMs.p95} ms; content p50 ${result.widget.timing.contentMs.p50} ms p95 ${result.widget.timing.contentMs.p95} ms`);
else if (result.widget?.skipped) console.log(`\nwidget: skipped — ${result.widget.skipped}`);
console.log(
  result.comparison.previous
    ? `\ncompared with ${result.comparison.previous}: ${result.comparison.regressions.length ? `REGRESSION (ratio fell > ${Number(args.margin) * 100}%): ${result.comparison.regressions.join("; ")}` : `no ratio fell by more than ${Number(args.margin) * 100}%`}`
    : result.ratios.length
      ? "\nno previous run of this profile and database with these ratios to compare with"
      : "\nno baseline ratios in this run (no scenario with a baseline): nothing to compare",
);
for (const insight of result.insights) console.log(`insight: ${insight.metric} = ${Math.round(insight.value * 1000) / 1000} (threshold ${insight.threshold}) → ${insight.recommendation}`);
console.log(`\nload average ${machine.loadAverageStart} → ${result.machine.loadAverageEnd}; ${result.durationS} s in all (${Object.entries(steps).map(([k, v]) => `${k} ${v} s`).join(", ")})`);
console.log(`report: ${join(args.out, `${stamp}.html`)}\n        ${join(args.out, `${stamp}.json`)}`);
process.exitCode = result.comparison.regressions.length ? 1 : 0;
