#!/usr/bin/env node
// Live push, measured (a benchmark, not a test): two server processes on one
// PostgreSQL database and one Redis, as in production.
//   1. push latency: a preferences write on instance A until the `change`
//      event arrives on a page stream held by instance B (p50/p95/max);
//   2. idle streams: the RSS instance B gains for N open, idle streams, and
//      the CPU it spends on them (heartbeats) over a window.
// Usage: npm run perf:live -- [--writes 60] [--streams 1000] [--window-s 30] [--heartbeat-s 15]
// Needs DATABASE_URL's server (a database named intro_page_live_bench is
// created and dropped there; default postgres://postgres@127.0.0.1:5432/test)
// and REDIS_URL (default redis://127.0.0.1:6379).
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import pg from "pg";
import { startOurs } from "./hot-path/servers.mjs";
import { summarize } from "./lib/stats.mjs";
import { createSigner } from "./lib/tokens.mjs";

const { values: args } = parseArgs({
  options: {
    writes: { type: "string", default: "60" },
    streams: { type: "string", default: "1000" },
    "window-s": { type: "string", default: "30" },
    "heartbeat-s": { type: "string", default: "15" },
  },
});
const writes = Number(args.writes);
const idleStreams = Number(args.streams);
const windowS = Number(args["window-s"]);

const adminUrl = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const databaseName = "intro_page_live_bench";
const secret = "live-bench-secret-live-bench-secret-0123";
const sign = createSigner({ secret });

async function onAdmin(sql) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect().catch((err) => {
    console.error(`perf:live needs PostgreSQL: ${adminUrl.replace(/\/\/[^@]*@/, "//")} is not reachable (${err.code ?? err.message}); set DATABASE_URL`);
    process.exit(1);
  });
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]) / 1024;
const cpuTicks = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (100 per second on Linux)
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens a page stream; `onEvent(name)` is called for each event; resolves once the first event (sync) arrived. */
async function openStream(url, token, onEvent = () => undefined) {
  const controller = new AbortController();
  const response = await fetch(`${url}/api/v1/intro-page/demo/stream`, { headers: { authorization: `Bearer ${token}`, accept: "text/event-stream" }, signal: controller.signal });
  if (response.status !== 200) throw new Error(`stream refused: ${response.status} ${await response.text()}`);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let first;
  const opened = new Promise((resolve) => (first = resolve));
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const name = /^event: (.+)$/m.exec(block)?.[1];
          if (name) {
            first();
            onEvent(name, performance.now());
          }
        }
      }
    } catch {
      // closed by us
    }
  })();
  await opened;
  return { close: () => controller.abort() };
}

await onAdmin(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
await onAdmin(`CREATE DATABASE ${databaseName}`);
const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${databaseName}` }).toString();
const env = {
  DATABASE_URL: databaseUrl,
  REDIS_URL: redisUrl,
  REDIS_KEY_PREFIX: `livebench:${process.pid}:`,
  JWT_SECRET: secret,
  LOG_LEVEL: "warn",
  RATE_LIMIT_READ: "1000000",
  RATE_LIMIT_WRITE: "1000000",
  LIVE_STREAMS_PER_SUBJECT: "1000",
  LIVE_HEARTBEAT_S: args["heartbeat-s"],
};
const a = await startOurs(env);
const b = await startOurs({ ...env, MIGRATE_ON_START: "false" });
const user = sign("demo", ["user"]);
try {
  // 1. Push latency, A → B.
  let waiting;
  const stream = await openStream(b.url, user, (name, at) => {
    if (name === "change" && waiting) waiting(at);
  });
  const latencies = [];
  for (let i = 0; i < writes; i++) {
    const arrived = new Promise((resolve) => (waiting = resolve));
    const started = performance.now();
    const reply = await fetch(`${a.url}/api/v1/intro-page/demo/preferences`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${user}`, "content-type": "application/merge-patch+json" },
      body: JSON.stringify({ locale: i % 2 ? "de-DE" : "fr-FR" }),
    });
    if (reply.status !== 200) throw new Error(`write ${i}: ${reply.status} ${await reply.text()}`);
    const at = await Promise.race([arrived, sleep(5_000).then(() => undefined)]);
    if (at === undefined) throw new Error(`write ${i}: no change event on B within 5 s`);
    latencies.push(at - started);
    waiting = undefined;
    await sleep(100);
  }
  stream.close();

  // 2. Idle streams on B.
  await sleep(1_000);
  const rssBefore = rssMb(b.pid);
  const admin = sign("bench-admin", ["admin"]);
  const streams = [];
  for (let i = 0; i < idleStreams; i += 50) {
    streams.push(...(await Promise.all(Array.from({ length: Math.min(50, idleStreams - i) }, () => openStream(b.url, admin)))));
  }
  await sleep(2_000);
  const ticksBefore = cpuTicks(b.pid);
  const windowStarted = performance.now();
  await sleep(windowS * 1000);
  const cpuPercent = ((cpuTicks(b.pid) - ticksBefore) / 100 / ((performance.now() - windowStarted) / 1000)) * 100;
  const rssAfter = rssMb(b.pid);
  for (const s of streams) s.close();

  const push = summarize(latencies);
  console.log(
    [
      `live push, two instances on one PostgreSQL and one Redis (${writes} writes, ${idleStreams} idle streams, heartbeat ${args["heartbeat-s"]} s)`,
      `  write on A → change event on B: p50 ${push.p50.toFixed(1)} ms, p95 ${push.p95.toFixed(1)} ms, max ${push.max.toFixed(1)} ms (target p95 ≤ 100 ms)`,
      `  ${idleStreams} idle streams on B: RSS ${rssBefore.toFixed(1)} → ${rssAfter.toFixed(1)} MB (+${(rssAfter - rssBefore).toFixed(1)} MB; target ≤ 50 MB)`,
      `  CPU of B while they idled: ${cpuPercent.toFixed(2)}% of one core over ${windowS} s (target ≤ 1%)`,
      `  machine load average at the end: ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")}`,
    ].join("\n"),
  );
} finally {
  await a.stop();
  await b.stop();
  await onAdmin(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
}
