// Open-loop load at a fixed offered rate: request i is due at start + i/rate
// whatever the replies do, and its latency counts from when it was due, so a
// stalled server shows up as latency instead of silently lowering the rate
// (no coordinated omission). Runs in its own process (fork) so it never
// shares an event loop with anything it measures. node:http with a
// keep-alive Agent: on a busy 2-core machine it kept p50 at 1.5 ms against
// the raw baseline at 1,000 req/s where undici's Pool queued into seconds.
import { fork } from "node:child_process";
import http from "node:http";
import { fileURLToPath } from "node:url";

/**
 * @typedef {{ method: string, path: string, headers: Record<string, string>, body?: string, conditionalKey?: string }} WireRequest
 * @typedef {{ url: string, requests: WireRequest[], stages: Array<{ rate: number, seconds: number }>, connections: number, timeoutMs?: number, runId: string }} OpenLoopOptions
 */

/** Runs an open-loop phase in a child process and resolves with its result. */
export function runOpenLoop(options) {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    child.once("message", (message) => {
      resolve(message);
      child.disconnect();
    });
    child.once("exit", (code) => code !== 0 && reject(new Error(`open-loop generator exited with ${code}`)));
    child.send(options);
  });
}

/** Per-second latency percentiles from (dueAt, latency) pairs. */
function perSecond(points, seconds) {
  const buckets = Array.from({ length: Math.ceil(seconds) }, () => []);
  for (const [at, ms] of points) buckets[Math.min(buckets.length - 1, Math.floor(at / 1000))]?.push(ms);
  return buckets.map((values, t) => {
    values.sort((a, b) => a - b);
    const q = (p) => (values.length ? values[Math.ceil(p * values.length) - 1] : 0);
    return { t, count: values.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: values.at(-1) ?? 0 };
  });
}

/** Runs the phase in this process; exported for the child entry point below. */
export async function generate({ url, requests, stages, connections, timeoutMs = 10_000, runId }) {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections, keepAliveMsecs: 30_000 });
  /** One request; resolves with its status and ETag, rejects on a network error or timeout. */
  const exchange = (method, path, headers, body) =>
    new Promise((resolve, reject) => {
      const req = http.request({ host: target.hostname, port: target.port, method, path, headers: body ? { ...headers, "content-length": Buffer.byteLength(body) } : headers, agent }, (res) => {
        res.on("error", reject);
        res.on("end", () => resolve({ statusCode: res.statusCode, etag: res.headers.etag }));
        res.resume();
      });
      req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error("timeout"), { code: "TIMEOUT" })));
      req.on("error", reject);
      req.end(body);
    });
  const etags = new Map();
  const statuses = {};
  const errors = {};
  const latencies = [];
  const points = [];
  const dispatchLag = [];
  let seq = 0;
  let sent = 0;
  let inFlight = 0;
  let maxInFlight = 0;

  const send = (request, dueAt, start) => {
    const headers = { ...request.headers };
    const key = request.conditionalKey;
    if (key && etags.has(key)) headers["if-none-match"] = etags.get(key);
    const body = request.body?.includes("{{seq}}") ? request.body.replaceAll("{{seq}}", `${runId}-${++seq}`) : request.body;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    return exchange(request.method, request.path, headers, body)
      .then((res) => {
        if (key && typeof res.etag === "string") etags.set(key, res.etag);
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      })
      .catch((err) => {
        const code = err.code ?? err.name ?? "error";
        errors[code] = (errors[code] ?? 0) + 1;
      })
      .finally(() => {
        inFlight--;
        const ms = performance.now() - start - dueAt;
        latencies.push(ms);
        points.push([dueAt, ms]);
      });
  };

  // Prime conditional requests so the first measured poll already carries an ETag, as a polling widget's would.
  const primers = [...new Map(requests.filter((r) => r.conditionalKey).map((r) => [r.conditionalKey, r])).values()];
  for (let i = 0; i < primers.length; i += 50) await Promise.all(primers.slice(i, i + 50).map((r) => send(r, 0, performance.now())));
  for (const key of Object.keys(statuses)) delete statuses[key];
  latencies.length = 0;
  points.length = 0;

  // Open the connections and let both sides' JIT warm up before the clock starts: a short paced burst, discarded.
  const warm = Math.min(connections * 2, 400);
  for (let i = 0; i < warm; i += connections) await Promise.all(requests.slice(0, connections).map((r) => (r.method === "GET" ? send(r, 0, performance.now()) : undefined)));
  for (const key of Object.keys(statuses)) delete statuses[key];
  for (const key of Object.keys(errors)) delete errors[key];
  latencies.length = 0;
  points.length = 0;
  maxInFlight = 0;

  const schedule = [];
  let offset = 0;
  for (const stage of stages) {
    const n = Math.round(stage.rate * stage.seconds);
    for (let i = 0; i < n; i++) schedule.push(offset + (i * 1000) / stage.rate);
    offset += stage.seconds * 1000;
  }
  const start = performance.now();
  const pending = [];
  await new Promise((done) => {
    const tick = () => {
      const now = performance.now() - start;
      while (sent < schedule.length && schedule[sent] <= now) {
        dispatchLag.push(now - schedule[sent]);
        pending.push(send(requests[sent % requests.length], schedule[sent], start));
        sent++;
      }
      if (sent >= schedule.length) return done();
      setTimeout(tick, Math.max(0, schedule[sent] - (performance.now() - start) - 1));
    };
    tick();
  });
  await Promise.all(pending);
  const elapsedS = (performance.now() - start) / 1000;
  agent.destroy();
  return { sent, elapsedS, offeredRate: schedule.length / (offset / 1000), statuses, errors, latencies, perSecond: perSecond(points, offset / 1000), dispatchLag, maxInFlight };
}

if (process.send && process.argv[1] === fileURLToPath(import.meta.url)) {
  process.once("message", async (options) => {
    const { latencies, dispatchLag, ...rest } = await generate(options);
    const sorted = (xs) => Float64Array.from(xs).sort();
    const q = (xs, p) => (xs.length ? xs[Math.ceil(p * xs.length) - 1] : 0);
    const l = sorted(latencies);
    const d = sorted(dispatchLag);
    process.send({
      ...rest,
      latencyMs: { count: l.length, p50: q(l, 0.5), p95: q(l, 0.95), p99: q(l, 0.99), max: l.at(-1) ?? 0 },
      // The generator's own lateness: how long after its due time a request left. Large values mean the generator, not the server, is the bottleneck.
      dispatchLagMs: { p50: q(d, 0.5), p99: q(d, 0.99), max: d.at(-1) ?? 0 },
    });
  });
}
