#!/usr/bin/env node
// `npm run bench:instructions`: how many instructions our server executes for a first read and for a cache miss,
// counted by valgrind's callgrind, for this build and (with --before) an older one, alternated --runs times.
//
// Timings on a shared two-core machine move by 10% and more from one server process to the next, so a change worth
// a few percent needs many alternated runs to show in CPU time. Instructions do not depend on what else the
// machine does; one build's counts still spread by 3–15% between runs (a mark-compact falls inside a phase or not,
// reads batch differently), so compare medians and mind the printed ranges. Under callgrind a server runs ~50× slower, so the users are read by a closed loop of 4 connections, as a
// browser sends them (`Accept-Encoding` of ours.mjs), and counted from the first request of a phase to its last:
// first reads (users the process has never seen), then the same users again after every cached section was
// dropped (cache misses). Start-up and warm-up are not counted. V8 runs with --predictable (no concurrent
// compilation or collection on other threads, so its choices depend less on timing).
//
// Needs valgrind (`apt-get install -y valgrind`) and PostgreSQL seeded as for bench:hot-path:
//   DATABASE_URL=postgres://… npm run bench:instructions -- [--users 2000] [--runs 2] [--before /tmp/old/packages/server]
// --keep DIR keeps each phase's callgrind profile there (callgrind_annotate DIR/ours-1-cacheMisses.out shows where
// a miss's instructions go).
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { missCapacity } from "./hot-path/miss-capacity.mjs";
import { browserAcceptEncoding, dropCache, oursEnv, requireSeededDatabase, requireWholePages, seededReaders, warmUp } from "./hot-path/ours.mjs";
import { startOurs } from "./hot-path/servers.mjs";

const { values: args } = parseArgs({ options: { users: { type: "string", default: "2000" }, runs: { type: "string", default: "2" }, before: { type: "string" }, "accept-encoding": { type: "string", default: browserAcceptEncoding }, keep: { type: "string" } } });
const users = Number(args.users);
/** Pages read at once: enough that reads batch as they do under load, few enough that none waits past its budget. */
const connections = 4;
for (const tool of ["valgrind", "callgrind_control"]) {
  if (spawnSync(tool, ["--version"]).error) {
    console.error(`${tool} is missing: apt-get install -y valgrind`);
    process.exit(2);
  }
}
requireSeededDatabase();
const readers = seededReaders(users, args["accept-encoding"]);
const { measured, headersFor } = readers;

/** Instructions per request in each phase, for the build in `serverDir`; `label` names the profiles --keep keeps. */
async function countOnce(serverDir, label) {
  const out = mkdtempSync(join(tmpdir(), "instructions-"));
  const prefix = join(out, "vgdb");
  // A section's time budget is 50 times the default: the server runs that much slower, and a page served stale or
  // unavailable because its budget ran out is not the work being counted (the run fails on one).
  const env = { ...oursEnv, SECTION_TIMEOUT_MS: "4000" };
  const valgrind = ["valgrind", "--tool=callgrind", "--instr-atstart=no", `--vgdb-prefix=${prefix}`, `--callgrind-out-file=${join(out, "callgrind.%p")}`, `--log-file=${join(out, "valgrind.log")}`];
  const server = await startOurs(env, serverDir, ["--predictable"], valgrind);
  // vgdb names its pipes after USER and HOST; the server was started with HOST=127.0.0.1 (servers.mjs).
  const control = (...options) => execFileSync("callgrind_control", [`--vgdb-prefix=${prefix}`, ...options, String(server.pid)], { env: { ...process.env, HOST: "127.0.0.1" }, stdio: "ignore" });
  try {
    const probe = await fetch(`${server.url}/api/v1/intro-page/${measured.at(-1)}`, { headers: headersFor(measured.at(-1)) });
    if (probe.status !== 200) throw new Error(`${measured.at(-1)} answers ${probe.status}: seed with DATABASE_URL=… npm run seed -- --users 10000`);
    await probe.arrayBuffer();
    await warmUp(server, readers, connections);
    const counted = await missCapacity(server, {
      ids: measured.slice(0, -1),
      headersFor,
      dropCache,
      connections,
      around: async (name, run) => {
        control("--zero");
        control("--instr=on");
        const result = await run();
        control(`--dump=${name}`);
        control("--instr=off");
        return result;
      },
    });
    const perRequest = {};
    for (const file of readdirSync(out).filter((name) => name.startsWith("callgrind."))) {
      const text = readFileSync(join(out, file), "utf8");
      const phase = /^desc: Trigger: dump (\w+)$/m.exec(text)?.[1];
      const total = Number(/^(?:summary|totals): (\d+)/m.exec(text)?.[1]);
      if (phase) perRequest[phase] = total / (measured.length - 1);
      if (phase && args.keep) {
        mkdirSync(args.keep, { recursive: true });
        copyFileSync(join(out, file), join(args.keep, `${label}-${phase}.out`));
      }
    }
    requireWholePages(counted);
    if (!perRequest.firstReads || !perRequest.cacheMisses) throw new Error(`callgrind wrote no count for a phase (files: ${readdirSync(out).join(", ")})`);
    return { firstReads: perRequest.firstReads, cacheMisses: perRequest.cacheMisses };
  } finally {
    await server.stop();
    rmSync(out, { recursive: true, force: true });
  }
}

const builds = { ours: undefined, ...(args.before ? { before: args.before } : {}) };
const counts = Object.fromEntries(Object.keys(builds).map((name) => [name, []]));
console.log(`instructions per request under callgrind: ${users - 1} users, Accept-Encoding "${args["accept-encoding"]}", ${args.runs} run(s) per build, alternated`);
for (let run = 1; run <= Number(args.runs); run++) {
  for (const [name, dir] of Object.entries(builds)) {
    const count = await countOnce(dir, `${name}-${run}`);
    counts[name].push(count);
    console.log(`run ${run} ${name.padEnd(6)} first read ${(count.firstReads / 1e6).toFixed(3)} M, miss ${(count.cacheMisses / 1e6).toFixed(3)} M`);
  }
}
const median = (list) => {
  const sorted = [...list].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const cell = (list) => `${(median(list) / 1e6).toFixed(3)} M (${(Math.min(...list) / 1e6).toFixed(3)}–${(Math.max(...list) / 1e6).toFixed(3)})`;
console.log("\n| build | first read | cache miss |\n| --- | ---: | ---: |");
for (const [name, list] of Object.entries(counts)) console.log(`| ${name} | ${cell(list.map((c) => c.firstReads))} | ${cell(list.map((c) => c.cacheMisses))} |`);
if (counts.before) {
  const change = (phase) => `${((median(counts.ours.map((c) => c[phase])) / median(counts.before.map((c) => c[phase])) - 1) * 100).toFixed(1)}%`;
  console.log(`\nours against before (medians): first read ${change("firstReads")}, cache miss ${change("cacheMisses")}`);
}
