#!/usr/bin/env node
// `npm run perf:flags-overhead`: what evaluating feature flags costs the
// cached page read. Starts the reference server in its own process, composed
// from source, in three variants — without flags (the page route as it was
// before them), with flags as shipped (OpenFeature's result reused per user
// until a flag changes), and with FLAG_REUSE_MS=0 (OpenFeature's evaluation
// path on every request) — and loads GET /api/v1/intro-page/demo with a warm
// cache through wrk (one thread, so the generator keeps to one core).
// Variants alternate over several rounds so a busy machine weighs on each
// alike. Prints req/s per round and the median per variant. Not part of `npm test`.
//
//   npm run perf:flags-overhead -- --duration 10 --rounds 3 --connections 50
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values: args } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    rounds: { type: "string", default: "3" },
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
      async stop() {
        child.kill("SIGTERM");
        await new Promise((done) => child.once("exit", done));
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }

  /** One wrk run; returns req/s. */
  function wrk(url, seconds) {
    const out = execFileSync("wrk", ["-t1", `-c${args.connections}`, `-d${seconds}s`, "-H", `Authorization: Bearer ${token}`, `${url}/api/v1/intro-page/demo`], { encoding: "utf8" });
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
    const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
    if (!(rps > 0) || non2xx > 0) throw new Error(`wrk failed:\n${out}`);
    return rps;
  }

  const results = new Map(variants.map((variant) => [variant.name, []]));
  console.log(`cached page read, wrk -t1 -c${args.connections}, ${args.duration} s per run, load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  for (let round = 1; round <= Number(args.rounds); round++) {
    for (const variant of variants) {
      const server = await startVariant(variant);
      try {
        wrk(server.url, 3); // warm-up: JIT, the first loads into the cache
        const rps = wrk(server.url, Number(args.duration));
        results.get(variant.name).push(rps);
        console.log(`round ${round}  ${variant.name.padEnd(40)} ${rps.toFixed(0).padStart(7)} req/s`);
      } finally {
        await server.stop();
      }
    }
  }
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const before = median(results.get(variants[0].name));
  console.log("\nmedian req/s");
  for (const [name, values] of results) {
    const value = median(values);
    console.log(`  ${name.padEnd(40)} ${value.toFixed(0).padStart(7)}  (${(((value - before) / before) * 100).toFixed(1)}% vs no flags)`);
  }
  console.log(`load average after: ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
}
