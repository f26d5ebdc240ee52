#!/usr/bin/env node
// `npm run perf:flags-overhead`: what evaluating feature flags costs the
// cached page read. Starts the reference server in its own process, composed
// from source, in three variants — without flags (the page route as it was
// before them), with flags as shipped (OpenFeature's result reused per user
// until a flag changes), and with FLAG_REUSE_MS=0 (OpenFeature's evaluation
// path on every request) — and loads GET /api/v1/intro-page/demo with a warm
// cache through wrk (one thread, so the generator keeps to one core).
// The load alternates between the variants in short slices so a busy machine
// weighs on each alike. Prints the median req/s and the server's CPU time per
// request (from /proc) per variant. Not part of `npm test`.
//
// First it times the flag step alone in this process (CPU time per page read).
//
//   npm run perf:flags-overhead -- --duration 3 --rounds 8 --connections 50
//   npm run perf:flags-overhead -- --rounds 0     the in-process figure only
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values: args } = parseArgs({
  options: {
    duration: { type: "string", default: "3" },
    rounds: { type: "string", default: "8" },
    connections: { type: "string", default: "50" },
    serve: { type: "string" },
  },
});
const secret = "perf-secret-please-change-0123456789abcdef";
const serverModule = (path) => import(join(root, "packages/server/src", path));

if (args.serve) {
  // Child: compose the server from source and serve it with or without its flags.
  const { loadConfig } = await serverModule("config/config.ts");
  const { composeServer } = await serverModule("start/start-server.ts");
  const { createApp } = await serverModule("http/app.ts");
  const { listen } = await serverModule("http/server.ts");
  const parts = await composeServer(loadConfig(process.env));
  const deps = args.serve === "none" ? { ...parts.deps, flags: undefined } : parts.deps;
  const { url } = await listen(createApp(deps), "127.0.0.1", 0);
  console.log(`serving ${url}`);
} else {
  await microBenchmark();
  if (Number(args.rounds) === 0) process.exit(0); // --rounds 0: the in-process figure only
  const { signToken } = await serverModule("auth/jwt.ts");
  const token = signToken("demo", ["user"], 3600, { key: secret, algorithm: "HS256", issuer: "intro-page", audience: "intro-page" });
  const variants = [
    { name: "no flags (before)", serve: "none", env: {} },
    { name: "flags, reused per user (as shipped)", serve: "flags", env: {} },
    { name: "flags, OpenFeature on every request", serve: "flags", env: { FLAG_REUSE_MS: "0" } },
  ];

  async function startVariant(variant) {
    const dataDir = mkdtempSync(join(tmpdir(), "intro-page-flags-perf-"));
    const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--serve", variant.serve], {
      cwd: root,
      env: {
        ...process.env,
        JWT_SECRET: secret,
        LOG_LEVEL: "warn",
        SEED_DEMO: "true",
        RATE_LIMIT_READ: "1000000",
        RATE_LIMIT_WRITE: "1000000",
        ...(process.env.DATABASE_URL ? {} : { PGLITE_DATA_DIR: join(dataDir, "pglite") }),
        ...variant.env,
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const url = await new Promise((found, reject) => {
      let out = "";
      child.stdout.on("data", (chunk) => {
        out += chunk;
        const match = /serving (http:\/\/\S+)/.exec(out);
        if (match) found(match[1]);
      });
      child.once("exit", (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
    });
    child.stdout.resume();
    return {
      url,
      pid: child.pid,
      async stop() {
        child.kill("SIGTERM");
        await new Promise((done) => child.once("exit", done));
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }

  /** One wrk run: requests served and req/s. */
  function wrk(url, seconds) {
    const out = execFileSync("wrk", ["-t1", `-c${args.connections}`, `-d${seconds}s`, "-H", `Authorization: Bearer ${token}`, `${url}/api/v1/intro-page/demo`], { encoding: "utf8" });
    const requests = Number(/(\d+) requests in/.exec(out)?.[1]);
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
    const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
    if (!(rps > 0) || non2xx > 0) throw new Error(`wrk failed:\n${out}`);
    return { requests, rps };
  }

  /** CPU seconds (user + system) the process has used so far, from /proc. */
  function cpuSeconds(pid) {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in USER_HZ (100) ticks
  }

  // Every variant runs at once (idle unless loaded) and the load alternates between them in short
  // slices, so drifting load from other processes on the machine weighs on each alike. Besides req/s,
  // the server's own CPU time per request is reported: on a shared machine it is the steadier number.
  const servers = [];
  try {
    for (const variant of variants) servers.push({ variant, ...(await startVariant(variant)), slices: [] });
    for (const server of servers) wrk(server.url, 3); // warm-up: JIT, the first loads into the cache
    console.log(`cached page read, wrk -t1 -c${args.connections}, ${args.rounds} slices of ${args.duration} s per variant, load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
    for (let round = 0; round < Number(args.rounds); round++) {
      for (let i = 0; i < servers.length; i++) {
        const server = servers[(i + round) % servers.length];
        const cpuBefore = cpuSeconds(server.pid);
        const { requests, rps } = wrk(server.url, Number(args.duration));
        server.slices.push({ requests, rps, cpu: cpuSeconds(server.pid) - cpuBefore });
      }
    }
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const rows = servers.map(({ variant, slices }) => ({
    name: variant.name,
    rps: median(slices.map((slice) => slice.rps)),
    cpuMicros: (slices.reduce((sum, slice) => sum + slice.cpu, 0) / slices.reduce((sum, slice) => sum + slice.requests, 0)) * 1e6,
    perSlice: slices.map((slice) => slice.rps.toFixed(0)).join(" "),
  }));
  const [before] = rows;
  console.log(`\n${"variant".padEnd(40)} ${"median req/s".padStart(12)} ${"server CPU µs/req".padStart(18)}   req/s per slice`);
  for (const row of rows) {
    const delta = row.cpuMicros - before.cpuMicros;
    console.log(
      `${row.name.padEnd(40)} ${row.rps.toFixed(0).padStart(12)} ${row.cpuMicros.toFixed(1).padStart(10)} (${delta >= 0 ? "+" : ""}${delta.toFixed(1)})   ${row.perSlice}`,
    );
  }
  console.log(`load average after: ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
}

/**
 * The step the page route added, timed alone in this process by CPU time
 * (steadier than wall time on a shared machine): evaluating the page's flags
 * through a real OpenFeature client and the built-in provider, reused per
 * user as shipped, then the view of the page and the evaluation counter.
 */
async function microBenchmark() {
  const { FlagStore } = await serverModule("domain/flags/flag-store.ts");
  const { BuiltinFlagProvider } = await serverModule("domain/flags/builtin-provider.ts");
  const { PageFlags, viewFor } = await serverModule("domain/flags/page-flags.ts");
  const { FlagEvaluationCounter } = await serverModule("ops/metrics/flag-evaluation-counter.ts");
  const { sectionNames } = await serverModule("vocabulary/section-names.ts");
  const { OpenFeature } = await import("@openfeature/server-sdk");
  const { Registry } = await import("prom-client");
  const flag = (key, kind, value, rules = []) => ({ key, kind, description: "", allowedValues: [], enabled: true, offValue: value, defaultValue: value, rules, version: 1, updatedAt: "", updatedBy: null });
  // The table as installed, plus a 10 % rollout, so the evaluation does real work.
  const flags = [...sectionNames.map((name) => flag(`section.${name}`, "boolean", true)), flag("actions.ordering", "string", "priority-first", [{ percentage: 10, value: "due-first" }])];
  const store = new FlagStore({ repository: { list: async () => flags }, refreshMs: 0 });
  await store.start();
  await OpenFeature.setProviderAndWait("perf", new BuiltinFlagProvider(store));
  const counter = new FlagEvaluationCounter(new Registry());
  const subject = { userId: "demo", roles: ["user"], locale: "en-us" };
  const timed = async (label, pageFlags, iterations) => {
    for (let i = 0; i < 1_000; i++) viewFor(await pageFlags.evaluate(subject), sectionNames); // warm-up
    const before = process.cpuUsage();
    for (let i = 0; i < iterations; i++) viewFor(await pageFlags.evaluate(subject), sectionNames);
    const used = process.cpuUsage(before);
    console.log(`  ${label.padEnd(44)} ${(((used.user + used.system) / iterations)).toFixed(2).padStart(7)} µs CPU per page read`);
  };
  console.log("the flag step alone (in-process, CPU time):");
  await timed("reused per user (as shipped)", new PageFlags({ client: OpenFeature.getClient("perf"), observer: counter.observe, reuseMs: 60_000 }), 200_000);
  await timed("OpenFeature on every request", new PageFlags({ client: OpenFeature.getClient("perf"), observer: counter.observe, reuseMs: 0 }), 20_000);
  await OpenFeature.close();
  console.log("");
}
