#!/usr/bin/env node
// `npm run profile -- <scenario>`: records a CPU profile of the server under
// one scenario's load (`node --cpu-prof`), prints the top self-time frames
// grouped by package and by Express middleware, and writes the profile, a
// JSON summary and an HTML report with a flame graph to perf/results/.
//
//   npm run profile -- page-warm
//   npm run profile -- page-304 --seconds 20 --profile full
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gitInfo, loadAverage, machineInfo } from "./lib/environment.mjs";
import { insightsFor } from "./lib/insights.mjs";
import { ensureServerBuilt, prepareDatabase, runSecret, serverEnv } from "./lib/lab.mjs";
import { startIntroPageServer } from "./lib/processes.mjs";
import { analyzeProfile, flameGraphSvg, sliceProfile } from "./lib/profile/cpuprofile.mjs";
import { profiles } from "./lib/profiles.mjs";
import { profileSection } from "./lib/report/html.mjs";
import { esc } from "./lib/report/svg-charts.mjs";
import { formatTable } from "./lib/report/table.mjs";
import { buildPlan } from "./lib/requests.mjs";
import { runScenarioPhases } from "./lib/scenario-runner.mjs";
import { loadScenarios } from "./lib/scenarios.mjs";
import { createSigner, toWireRequests } from "./lib/tokens.mjs";

const perfDir = dirname(fileURLToPath(import.meta.url));
const root = resolve(perfDir, "..");
const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    profile: { type: "string", default: "quick" },
    seconds: { type: "string", default: "10" },
    "log-level": { type: "string", default: "info" },
    out: { type: "string", default: join(perfDir, "results") },
  },
});
if (positionals.length !== 1) {
  console.error("usage: npm run profile -- <scenario> [--seconds 10] [--profile quick|full]");
  process.exit(2);
}
const [scenario] = loadScenarios(positionals);
const profile = profiles[args.profile];
const seconds = Number(args.seconds);

ensureServerBuilt(root);
const db = await prepareDatabase({ root, perfDir, profile });
const secret = runSecret();
const sign = createSigner({ secret });
const profileDir = mkdtempSync(join(tmpdir(), "perf-cpuprof-"));
const server = await startIntroPageServer({
  root,
  env: serverEnv({ dbEnv: db.dbEnv, secret, logLevel: args["log-level"] }),
  nodeArgs: ["--cpu-prof", "--cpu-prof-dir", profileDir, "--cpu-prof-interval", "250"],
});
let measured;
try {
  console.log(`profiling the server under ${scenario.name} for ${seconds} s …`);
  const requests = toWireRequests(buildPlan(scenario, db.dataset.users), sign);
  // Saturation shows where CPU goes; scenarios without it run their fixed rate.
  measured = await runScenarioPhases({ scenario, target: server, requests, seconds, adminToken: sign("perf-admin", ["admin"]), runId: Date.now().toString(36), phases: [scenario.saturation ? "saturation" : "fixedRate"] });
} finally {
  await server.stop(); // the profile is written when the server exits
}

const file = readdirSync(profileDir).find((f) => f.endsWith(".cpuprofile"));
if (!file) throw new Error(`the server wrote no .cpuprofile into ${profileDir}`);
const phase = measured.saturation ?? measured.fixedRate;
const whole = JSON.parse(readFileSync(join(profileDir, file), "utf8"));
// Only the load window: start-up (module loading, schema compilation) is not the hot path.
const cpuprofile = phase.window ? sliceProfile(whole, phase.window.startUs, phase.window.endUs) : whole;
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const base = `${stamp}-profile-${scenario.name}`;
mkdirSync(args.out, { recursive: true });
writeFileSync(join(args.out, `${base}.cpuprofile`), JSON.stringify(cpuprofile));
rmSync(profileDir, { recursive: true, force: true });

const analysis = { scenario: scenario.name, file: `${base}.cpuprofile`, ...analyzeProfile(cpuprofile) };
const insights = insightsFor({ phases: [], queries: [], middleware: analysis.middleware });
const summary = { date: new Date().toISOString(), git: gitInfo(root), machine: { ...machineInfo(), loadAverageEnd: loadAverage() }, database: db.kind, load: { reqPerSec: phase.reqPerSec, latencyMs: phase.latencyMs }, ...analysis, insights };
writeFileSync(join(args.out, `${base}.json`), `${JSON.stringify(summary, null, 1)}\n`);
const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CPU profile ${esc(scenario.name)}</title>
<style>body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1240px;padding:1rem}table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border:1px solid #d0d7de;padding:.2rem .45rem;text-align:right}td:first-child,th:first-child{text-align:left}caption{text-align:left;font-weight:600}.flame{overflow-x:auto}</style></head>
<body><main><h1>CPU profile of the intro-page server</h1><p>${esc(summary.date)} · git ${esc(summary.git?.commit ?? "?")} · ${esc(db.kind)} · load ${esc(Math.round(phase.reqPerSec))} req/s, p99 ${esc(phase.latencyMs.p99)} ms · load average ${esc(summary.machine.loadAverageEnd)}</p>
${profileSection({ ...analysis, flameGraphSvg: flameGraphSvg(cpuprofile) })}
<section><h2>Recommendations</h2>${insights.length ? `<ul>${insights.map((i) => `<li>${esc(i.finding)} <em>${esc(i.recommendation)}</em></li>`).join("")}</ul>` : "<p>No middleware above its share threshold.</p>"}</section></main></body></html>
`;
writeFileSync(join(args.out, `${base}.html`), html);

const share = (x) => `${Math.round(x * 1000) / 10}%`;
console.log(`\nload: ${Math.round(phase.reqPerSec)} req/s, p50 ${phase.latencyMs.p50} ms, p99 ${phase.latencyMs.p99} ms; ${analysis.samples} samples, ${share(analysis.busyShare)} busy`);
console.log(`\n${formatTable(["package", "self ms", "share"], analysis.packages.slice(0, 12).map((p) => [p.name, p.ms, share(p.share)]))}`);
console.log(`\n${formatTable(["middleware", "ms", "share"], analysis.middleware.slice(0, 15).map((p) => [p.name, p.ms, share(p.share)]))}`);
console.log(`\n${formatTable(["outside every layer, by package", "ms", "share"], analysis.outsideLayers.slice(0, 10).map((p) => [p.name, p.ms, share(p.share)]))}`);
console.log(`\n${formatTable(["function", "package", "location", "self ms", "share"], analysis.topFrames.slice(0, 20).map((f) => [f.name, f.package, f.location, f.ms, share(f.share)]))}`);
for (const i of insights) console.log(`insight: ${i.finding} → ${i.recommendation}`);
console.log(`\nflame graph and tables: ${join(args.out, `${base}.html`)}\nprofile (open in Chrome DevTools or speedscope): ${join(args.out, `${base}.cpuprofile`)}`);
