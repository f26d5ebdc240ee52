#!/usr/bin/env node
// `npm run soak -- --minutes 5`: a bounded soak. Starts the built server
// (packages/server/dist, built by `presoak`) in its own process on an
// embedded PGlite in a temp dir (or DATABASE_URL when set), drives a steady
// mixed load (page reads, conditional reads, section reads, writes, event
// batches) at a fixed rate for the given minutes, and every interval prints
// the server's resident memory, open file descriptors (sockets, files:
// its handles), client-side latency and errors. At the end it compares the
// last intervals with the first ones after warm-up and flags growth; exits 1
// when memory or handles grew beyond the tolerance or any request failed
// with a 5xx. Not part of `npm test`.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values: args } = parseArgs({
  options: {
    minutes: { type: "string", default: "5" },
    rate: { type: "string", default: "150" },
    interval: { type: "string", default: "30" },
    "rss-growth-percent": { type: "string", default: "25" },
    "handle-growth": { type: "string", default: "20" },
  },
});
const minutes = Number(args.minutes);
const rate = Number(args.rate);
const intervalS = Number(args.interval);
if (!(minutes > 0 && minutes <= 120) || !(rate > 0) || !(intervalS >= 5)) {
  console.error("usage: npm run soak -- [--minutes 1-120] [--rate req/s] [--interval s>=5]");
  process.exit(2);
}

const { signToken } = await import(join(root, "packages/server/dist/index.js"));
const secret = "soak-secret-0123456789-abcdefghijklmnopqrstuv";
const sign = (sub, roles) => signToken(sub, roles, 24 * 3600, { key: secret, algorithm: "HS256", issuer: "intro-page", audience: "intro-page" });

const dataDir = mkdtempSync(join(tmpdir(), "intro-page-soak-"));
const server = spawn(process.execPath, [join(root, "packages/server/dist/cli/start.js")], {
  env: { ...process.env, PORT: "0", HOST: "127.0.0.1", JWT_SECRET: secret, LOG_LEVEL: "warn", SEED_DEMO: "true", RATE_LIMIT_READ: "1000000", RATE_LIMIT_WRITE: "1000000", ...(process.env.DATABASE_URL ? {} : { PGLITE_DATA_DIR: join(dataDir, "pglite") }) },
  stdio: ["ignore", "pipe", "inherit"],
});
const url = await new Promise((resolvePromise, reject) => {
  let out = "";
  const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 180_000);
  server.stdout.on("data", (chunk) => {
    out += chunk;
    const match = /running at (http:\/\/\S+)/.exec(out);
    if (match) {
      clearTimeout(timer);
      resolvePromise(match[1].replace("localhost", "127.0.0.1"));
    }
  });
  server.on("exit", (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
});
// The server runs as the child's pid (node started directly, no wrapper).
const pid = server.pid;

const users = ["demo", "alice", "bob", "carol", "dave"];
const tokens = Object.fromEntries(users.map((user) => [user, sign(user, ["user"])]));
const service = sign("host-backend", ["service"]);
const etags = new Map();
let eventSeq = 0;

/** One request of the mix, chosen by `n`. */
async function oneRequest(n) {
  const user = users[n % users.length];
  const auth = { authorization: `Bearer ${tokens[user]}` };
  const kind = n % 20;
  if (kind < 10) {
    const key = `page:${user}`;
    const response = await fetch(`${url}/api/v1/intro-page/${user}`, { headers: { ...auth, ...(etags.has(key) ? { "if-none-match": etags.get(key) } : {}) } });
    if (response.headers.get("etag")) etags.set(key, response.headers.get("etag"));
    await response.arrayBuffer();
    return response.status;
  }
  if (kind < 15) {
    const section = ["statistics", "actions", "activity", "personalization"][kind - 10] ?? "activity";
    const response = await fetch(`${url}/api/v1/intro-page/${user}/${section}`, { headers: auth });
    await response.arrayBuffer();
    return response.status;
  }
  if (kind < 17) {
    const response = await fetch(`${url}/api/v1/intro-page/${user}/preferences`, { method: "PATCH", headers: { ...auth, "content-type": "application/merge-patch+json" }, body: JSON.stringify({ locale: n % 2 ? "de-DE" : "en-US" }) });
    await response.arrayBuffer();
    return response.status;
  }
  const events = [{ type: "activity", eventId: `soak-${process.pid}-${eventSeq++}`, userId: user, actor: { id: "alice", name: "Alice" }, verb: "commented", object: { type: "document", id: "doc_1", title: "Plan" }, occurredAt: new Date().toISOString() }];
  const response = await fetch(`${url}/api/v1/events`, { method: "POST", headers: { authorization: `Bearer ${service}`, "content-type": "application/json" }, body: JSON.stringify({ events }) });
  await response.arrayBuffer();
  return response.status;
}

const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]) / 1024;
const handles = () => readdirSync(`/proc/${pid}/fd`).length;
const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : 0);

// Open loop: requests are scheduled by the clock, not by replies; a late reply counts its wait.
const intervals = [];
let current = { latencies: [], errors: 0, serverErrors: 0 };
let sent = 0;
const started = performance.now();
const endAt = started + minutes * 60_000;
const inFlight = new Set();
const maxInFlight = 500;
console.log(`soak: ${minutes} min at ${rate} req/s against ${url} (pid ${pid}, ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"}), sampling every ${intervalS} s`);
console.log("  t(s)   rss(MB)  handles  req    p50(ms)  p99(ms)  dropped+failed  5xx");
const sample = () => {
  const lat = current.latencies.sort((a, b) => a - b);
  const row = { t: Math.round((performance.now() - started) / 1000), rss: rssMb(), handles: handles(), requests: lat.length, p50: pct(lat, 0.5), p99: pct(lat, 0.99), errors: current.errors, serverErrors: current.serverErrors };
  intervals.push(row);
  console.log(`  ${String(row.t).padStart(4)}   ${row.rss.toFixed(0).padStart(7)}  ${String(row.handles).padStart(7)}  ${String(row.requests).padStart(5)}  ${row.p50.toFixed(1).padStart(7)}  ${row.p99.toFixed(1).padStart(7)}  ${String(row.errors).padStart(6)}  ${String(row.serverErrors).padStart(3)}`);
  current = { latencies: [], errors: 0, serverErrors: 0 };
};
const sampler = setInterval(sample, intervalS * 1000);
while (performance.now() < endAt) {
  const due = started + (sent * 1000) / rate;
  const wait = due - performance.now();
  // Always yield, even when behind schedule, so replies are read and samples taken.
  await new Promise((r) => (wait > 0 ? setTimeout(r, wait) : setImmediate(r)));
  const bucket = current;
  const n = sent++;
  if (inFlight.size >= maxInFlight) {
    // The server cannot keep up: count the request as failed rather than queue without bound.
    bucket.errors++;
    continue;
  }
  const p = oneRequest(n)
    .then((status) => {
      bucket.latencies.push(performance.now() - due);
      if (status >= 500) bucket.serverErrors++;
    })
    .catch(() => bucket.errors++)
    .finally(() => inFlight.delete(p));
  inFlight.add(p);
}
clearInterval(sampler);
await Promise.allSettled([...inFlight]);
server.kill("SIGTERM");
await new Promise((r) => server.on("exit", r));
rmSync(dataDir, { recursive: true, force: true });

// Compare the end with the start, skipping the first interval (warm-up: JIT, caches, pools filling).
const settled = intervals.slice(1);
const head = settled.slice(0, 2);
const tail = settled.slice(-2);
const avg = (rows, key) => rows.reduce((sum, row) => sum + row[key], 0) / Math.max(1, rows.length);
const rssGrowth = head.length ? ((avg(tail, "rss") - avg(head, "rss")) / avg(head, "rss")) * 100 : 0;
const handleGrowth = head.length ? avg(tail, "handles") - avg(head, "handles") : 0;
const failures = intervals.reduce((sum, row) => sum + row.errors + row.serverErrors, 0);
const flags = [];
if (rssGrowth > Number(args["rss-growth-percent"])) flags.push(`memory grew ${rssGrowth.toFixed(1)}%`);
if (handleGrowth > Number(args["handle-growth"])) flags.push(`handles grew by ${handleGrowth.toFixed(0)}`);
if (failures > 0) flags.push(`${failures} requests dropped (over ${maxInFlight} in flight), failed or 5xx`);
console.log(`soak result: ${sent} requests; rss ${avg(head, "rss").toFixed(0)} → ${avg(tail, "rss").toFixed(0)} MB (${rssGrowth >= 0 ? "+" : ""}${rssGrowth.toFixed(1)}%), handles ${avg(head, "handles").toFixed(0)} → ${avg(tail, "handles").toFixed(0)}, p99 ${avg(head, "p99").toFixed(1)} → ${avg(tail, "p99").toFixed(1)} ms; ${flags.length ? `GROWTH FLAGGED: ${flags.join("; ")}` : "no growth flagged"}`);
process.exit(flags.length ? 1 : 0);
