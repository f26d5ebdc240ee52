// Runs one scenario's phases against one measured process (the server or a
// baseline) and gathers what each phase did to it: the load generator's view
// plus CPU, RSS, event loop and database pool from the process, and the
// cache hit ratio from the server's metrics API.
import { runOpenLoop } from "./load/open-loop.mjs";
import { runSaturation } from "./load/saturation.mjs";
import { sampleProcess } from "./processes.mjs";
import { rateStages } from "./requests.mjs";
import { round } from "./stats.mjs";

/** Fetches every distinct conditional request once and bakes its ETag into the headers (wrk cannot learn them). */
async function withPrimedEtags(url, requests) {
  const etags = new Map();
  for (const r of requests) {
    if (!r.conditionalKey || etags.has(r.conditionalKey)) continue;
    const res = await fetch(url + r.path, { method: r.method, headers: r.headers });
    await res.arrayBuffer();
    etags.set(r.conditionalKey, res.headers.get("etag") ?? "");
  }
  return requests.map((r) => (r.conditionalKey ? { ...r, headers: { ...r.headers, "if-none-match": etags.get(r.conditionalKey) } } : r));
}

/** Sends the first `count` distinct requests once, 20 at a time, so the phase measures a warm steady state. */
async function warmUp(url, requests, count = 400) {
  const distinct = [...new Map(requests.filter((r) => r.method === "GET").map((r) => [r.path, r])).values()].slice(0, count);
  for (let i = 0; i < distinct.length; i += 20) {
    await Promise.all(distinct.slice(i, i + 20).map(async (r) => (await fetch(url + r.path, { method: r.method, headers: r.headers })).arrayBuffer()));
  }
}

/** The server's metrics snapshot (cache totals, section circuits), or undefined for a baseline. */
async function metricsSnapshot(target, adminToken) {
  if (target.name !== "intro-page") return undefined;
  const res = await fetch(`${target.url}/api/v1/metrics`, { headers: { authorization: `Bearer ${adminToken}` } });
  if (!res.ok) return undefined;
  return res.json();
}

const openCircuits = (snapshot) => (snapshot?.sections ?? []).filter((s) => s.circuit === "open").map((s) => s.name);

/**
 * Waits (up to `maxMs`) until no section circuit is open, so one scenario's
 * overload does not decide the next one's numbers; half-open circuits close
 * on the warm-up's first successful calls. Returns the seconds waited.
 */
export async function settleCircuits(target, adminToken, maxMs = 15_000) {
  const started = performance.now();
  while (performance.now() - started < maxMs) {
    if (openCircuits(await metricsSnapshot(target, adminToken)).length === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return round((performance.now() - started) / 1000, 1);
}

/** Drops every cached section (the cold scenario starts from nothing). */
export async function invalidateCache(target, adminToken) {
  const res = await fetch(`${target.url}/api/v1/cache/invalidate`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ all: true }),
  });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`cache invalidation answered ${res.status}`);
}

/** Wraps a load phase with the process-side measurements. */
async function measurePhase(target, adminToken, load) {
  const before = (await metricsSnapshot(target, adminToken))?.cache;
  const first = await target.probe(true);
  const sampler = sampleProcess(target.pid);
  const result = await load();
  const process = sampler.stop();
  const probe = await target.probe(true);
  const snapshot = await metricsSnapshot(target, adminToken);
  const after = snapshot?.cache;
  const hits = after && before ? after.hits - before.hits : undefined;
  const misses = after && before ? after.misses - before.misses : undefined;
  return {
    ...result,
    // The phase on the server's monotonic clock (µs), to cut a CPU profile to it.
    window: first && probe ? { startUs: first.hrtimeUs, endUs: probe.hrtimeUs } : undefined,
    // Sections whose breaker was open when the phase ended: they answered "unavailable" or stale instead of data.
    circuitsOpen: snapshot ? openCircuits(snapshot) : null,
    cacheHitRatio: hits === undefined || hits + misses === 0 ? null : round(hits / (hits + misses), 4),
    server: {
      cpuPct: round(process.cpuPct, 1),
      rssMaxMb: round(process.rssMaxMb, 1),
      eventLoopUtilization: probe ? round(probe.eventLoopUtilization, 3) : null,
      eventLoopLagMs: probe ? { p50: round(probe.lagMs.p50, 2), p99: round(probe.lagMs.p99, 2), max: round(probe.lagMs.max, 2) } : null,
      pool: probe?.pool.acquires ? { acquires: probe.pool.acquires, waits: probe.pool.waits, waitP95Ms: round(probe.pool.waitP95Ms, 2), waitMaxMs: round(probe.pool.waitMaxMs, 2) } : null,
      samples: process.samples.map((s) => ({ t: round(s.t, 2), rssMb: round(s.rssMb, 1), cpuPct: round(s.cpuPct, 1) })),
    },
  };
}

const errorCount = (statuses, errors) =>
  Object.entries(statuses).reduce((n, [code, count]) => n + (/^[45]/.test(code) ? count : 0), 0) + Object.values(errors).reduce((a, b) => a + b, 0);

/**
 * Runs the scenario's saturation and fixed-rate phases (those it declares and
 * `phases` allows) against `target`.
 */
export async function runScenarioPhases({ scenario, target, requests, seconds, adminToken, runId, phases = ["saturation", "fixedRate"] }) {
  const out = {};
  if (target.name === "intro-page") out.circuitWaitS = await settleCircuits(target, adminToken);
  if (!scenario.invalidateCacheFirst) await warmUp(target.url, requests);
  if (scenario.saturation && phases.includes("saturation")) {
    const primed = await withPrimedEtags(target.url, requests);
    out.saturation = await measurePhase(target, adminToken, () => runSaturation({ url: target.url, requests: primed, connections: scenario.saturation.connections, seconds }));
    out.saturation.connections = scenario.saturation.connections;
  }
  if (scenario.fixedRate && phases.includes("fixedRate")) {
    if (scenario.invalidateCacheFirst && target.name === "intro-page") await invalidateCache(target, adminToken);
    const stages = rateStages(scenario, seconds);
    const raw = await measurePhase(target, adminToken, () => runOpenLoop({ url: target.url, requests, stages, connections: scenario.fixedRate.connections, runId }));
    const total = Object.values(raw.statuses).reduce((a, b) => a + b, 0) + Object.values(raw.errors).reduce((a, b) => a + b, 0);
    out.fixedRate = {
      ...raw,
      connections: scenario.fixedRate.connections,
      stages,
      reqPerSec: round(total / raw.elapsedS, 1),
      errorRate: total ? round(errorCount(raw.statuses, raw.errors) / total, 5) : 0,
    };
  }
  if (out.saturation) {
    out.saturation.reqPerSec = round(out.saturation.reqPerSec, 0);
    out.saturation.errorRate = out.saturation.requests ? round(errorCount(out.saturation.statuses, out.saturation.errors) / out.saturation.requests, 5) : 0;
  }
  return out;
}
