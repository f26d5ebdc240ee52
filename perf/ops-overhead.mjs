#!/usr/bin/env node
// `npm run perf:ops-overhead`: what the operations layer costs per request.
// Serves the same pre-serialized 5 KB JSON from two Express apps — bare, and
// behind the ops middleware the server mounts on every request (request
// timing histogram, helmet, CORS allow-list, content-type guard, per-subject
// rate limit on the memory store) — and loads each with autocannon running in
// a worker thread. Prints req/s, p50/p99 and the difference in µs/request.
import { createServer } from "node:http";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import express from "express";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values: args } = parseArgs({ options: { duration: { type: "string", default: "10" }, connections: { type: "string", default: "50" } } });
// The ops middleware is internal to the server (not its public API): import it from source, which
// is why `npm run perf:ops-overhead` runs this file under tsx.
const serverModule = (path) => import(join(root, "packages/server/src", path));
const server = {
  ...(await serverModule("ops/metrics/ops-metrics.ts")),
  ...(await serverModule("http/middleware/request-metrics.ts")),
  ...(await serverModule("http/middleware/hardening.ts")),
  ...(await serverModule("http/middleware/rate-limit.ts")),
};

const body = JSON.stringify({ items: Array.from({ length: 40 }, (_, i) => ({ id: `item_${i}`, title: "Review the launch checklist", priority: "normal" })) });

function app(withOps) {
  const instance = express();
  instance.disable("x-powered-by");
  if (withOps) {
    const metrics = new server.OpsMetrics();
    instance.use(server.requestMetrics(metrics), server.securityHeaders(), server.corsAllowList(["https://app.example.com"]), server.requireJsonBody());
    // Stand-in for authentication: the limiter keys on the verified subject.
    instance.use((req, _res, next) => {
      req.principal = { subject: "demo", roles: new Set(["user"]) };
      next();
    });
    instance.use(server.rateLimits(server.rateBudgets({ windowMs: 60_000, readLimit: 1e9, writeLimit: 1e9, metrics })));
  }
  instance.get("/api/v1/intro-page/:userId", (_req, res) => res.type("application/json").send(body));
  return instance;
}

async function measure(name, handler) {
  const listening = createServer(handler);
  await new Promise((done) => listening.listen(0, "127.0.0.1", done));
  const url = `http://127.0.0.1:${listening.address().port}/api/v1/intro-page/demo`;
  const run = (duration) => autocannon({ url, connections: Number(args.connections), duration, workers: 1 });
  await run(2); // warm up the JIT
  const result = await run(Number(args.duration));
  listening.close();
  return { name, reqPerSec: Math.round(result.requests.average), p50Ms: result.latency.p50, p99Ms: result.latency.p99, non2xx: result.non2xx };
}

const bare = await measure("bare express", app(false));
const ops = await measure("with ops middleware", app(true));
console.log(`| app | req/s | p50 ms | p99 ms | non-2xx |\n|---|---|---|---|---|`);
for (const r of [bare, ops]) console.log(`| ${r.name} | ${r.reqPerSec} | ${r.p50Ms} | ${r.p99Ms} | ${r.non2xx} |`);
const overheadUs = (1e6 / ops.reqPerSec - 1e6 / bare.reqPerSec).toFixed(1);
console.log(`\nops middleware: ${overheadUs} µs per request at saturation (${args.duration} s, ${args.connections} connections)`);
process.exit(0);
