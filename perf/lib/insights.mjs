// Recommendations derived from measured numbers. Each rule is a pure
// function of the measurements: it returns the findings it makes, each
// naming the metric, the measured value and the threshold that triggered it.

/** The thresholds rules compare against; a run may override any of them. */
export const defaultTargets = {
  /** Warm scenarios should be answered from the cache at least this often. */
  cacheHitRatioMin: 0.9,
  /** Share of connection acquisitions that may wait for a free connection. */
  poolWaitShareMax: 0.01,
  /** Event-loop utilization at a fixed offered rate above which the instance is out of headroom. */
  eventLoopUtilizationMax: 0.9,
  /** Share of the server's CPU samples one middleware may take. */
  middlewareShareMax: 0.2,
  /** p95 budget (ms) of one section query at the dataset's scale. */
  queryP95BudgetMs: 5,
  /** Resident memory budget (MB) under load (docs/performance.md). */
  rssBudgetMb: 150,
};

/**
 * @typedef {object} PhaseMeasurement
 * @property {string} scenario
 * @property {"saturation" | "fixedRate"} phase
 * @property {boolean} expectsWarmCache  false for scenarios that start cold or write
 * @property {number | null} cacheHitRatio
 * @property {number | null} eventLoopUtilization
 * @property {{ acquires: number, waits: number, waitP95Ms: number } | null} pool
 * @property {number} p95Ms
 * @property {number} p99Ms
 * @property {number} errorRate
 * @property {number} rssMaxMb
 * @property {{ p95Ms?: number, p99Ms?: number, errorRate?: number } | undefined} thresholds
 * @property {string[] | null} [circuitsOpen]  sections whose breaker was open when the phase ended
 *
 * @typedef {object} Measurements
 * @property {PhaseMeasurement[]} phases
 * @property {Array<{ section: string, name: string, p95Ms: number, usesIndex: boolean, executionMs?: number }>} queries
 * @property {Array<{ name: string, share: number }>} [middleware]  from a CPU profile, shares 0–1
 * @property {{ poolMax?: number }} [settings]
 *
 * @typedef {{ rule: string, severity: "warning" | "info", metric: string, value: number, threshold: number, finding: string, recommendation: string }} Insight
 */

const pct = (x) => `${Math.round(x * 1000) / 10}%`;

/** Warm reads served from the cache less often than the target → TTLs or warming. */
export function cacheHitRatioRule(m, t) {
  return m.phases
    .filter((p) => p.expectsWarmCache && p.cacheHitRatio !== null && p.cacheHitRatio < t.cacheHitRatioMin)
    .map((p) => ({
      rule: "cache-hit-ratio",
      severity: "warning",
      metric: `${p.scenario} ${p.phase} cache hit ratio`,
      value: p.cacheHitRatio,
      threshold: t.cacheHitRatioMin,
      finding: `${p.scenario} (${p.phase}) hit the cache on ${pct(p.cacheHitRatio)} of lookups, below ${pct(t.cacheHitRatioMin)}.`,
      recommendation: "Raise the CACHE_TTL_*_S of the sections that miss, or warm the cache (POST /api/v1/cache/warm) for the users about to arrive.",
    }));
}

/** Requests waiting for a database connection → pool size. */
export function poolWaitRule(m, t) {
  return m.phases
    .filter((p) => p.pool && p.pool.acquires > 0 && p.pool.waits / p.pool.acquires > t.poolWaitShareMax)
    .map((p) => ({
      rule: "pool-waits",
      severity: "warning",
      metric: `${p.scenario} ${p.phase} pool waits / acquisitions`,
      value: p.pool.waits / p.pool.acquires,
      threshold: t.poolWaitShareMax,
      finding: `${p.scenario} (${p.phase}): ${p.pool.waits} of ${p.pool.acquires} connection acquisitions waited (p95 wait ${p.pool.waitP95Ms} ms).`,
      recommendation: `Raise DATABASE_POOL_MAX${m.settings?.poolMax ? ` (now ${m.settings.poolMax})` : ""} if PostgreSQL has connections to spare, or cut the queries a page needs.`,
    }));
}

/** Event loop nearly always busy at a fixed rate → more instances. */
export function eventLoopRule(m, t) {
  return m.phases
    .filter((p) => p.phase === "fixedRate" && p.eventLoopUtilization !== null && p.eventLoopUtilization > t.eventLoopUtilizationMax)
    .map((p) => ({
      rule: "event-loop-utilization",
      severity: "warning",
      metric: `${p.scenario} fixed-rate event-loop utilization`,
      value: p.eventLoopUtilization,
      threshold: t.eventLoopUtilizationMax,
      finding: `At its fixed offered rate, ${p.scenario} kept the event loop busy ${pct(p.eventLoopUtilization)} of the time.`,
      recommendation: "One process is out of headroom at this rate: run more instances (one per core) behind the load balancer, or make the hot path cheaper (npm run profile).",
    }));
}

/** One middleware above its share of the CPU → that middleware. */
export function middlewareShareRule(m, t) {
  return (m.middleware ?? [])
    .filter((mw) => mw.share > t.middlewareShareMax)
    .map((mw) => ({
      rule: "middleware-share",
      severity: "warning",
      metric: `CPU share of ${mw.name}`,
      value: mw.share,
      threshold: t.middlewareShareMax,
      finding: `${mw.name} took ${pct(mw.share)} of the server's CPU samples in the profile.`,
      recommendation: `Look at ${mw.name} first: cache its per-request work, precompile it, or skip it on the hot route.`,
    }));
}

/** A section query above its p95 budget → its plan, or, when the plan itself is fast, the wait around it. */
export function queryBudgetRule(m, t) {
  return m.queries
    .filter((q) => q.p95Ms > t.queryP95BudgetMs)
    .map((q) => {
      // EXPLAIN's execution time is the database's own work; far below the p95, the time went to waiting (pool, network, a busy machine).
      const planIsFast = Number.isFinite(q.executionMs) && q.executionMs < t.queryP95BudgetMs / 10;
      return {
        rule: "query-budget",
        severity: planIsFast ? "info" : "warning",
        metric: `${q.section} / ${q.name} query p95`,
        value: q.p95Ms,
        threshold: t.queryP95BudgetMs,
        finding: `The ${q.section} section's "${q.name}" query took ${q.p95Ms} ms at p95${q.usesIndex ? "" : " and its plan uses no index"}${Number.isFinite(q.executionMs) ? ` (the plan executed in ${q.executionMs} ms)` : ""}.`,
        recommendation: planIsFast
          ? "The database executes it quickly: the p95 is spent waiting. Check pool waits, the database's CPU and the machine's load average before touching the query."
          : q.usesIndex
            ? "Read its EXPLAIN (ANALYZE, BUFFERS) in the report: check rows removed by filter and buffers read; narrow the index or bound the scan."
            : "Its plan scans the table: add or fix the index its WHERE and ORDER BY need (see the plan in the report).",
      };
    });
}

/** Latency or errors above the scenario's thresholds at its fixed rate. */
export function thresholdRule(m) {
  const findings = [];
  for (const p of m.phases.filter((x) => x.phase === "fixedRate" && x.thresholds)) {
    for (const [key, label] of [["p95Ms", "p95"], ["p99Ms", "p99"], ["errorRate", "error rate"]]) {
      const limit = p.thresholds[key];
      if (limit === undefined || !(p[key] > limit)) continue;
      findings.push({
        rule: "scenario-threshold",
        severity: "warning",
        metric: `${p.scenario} fixed-rate ${label}`,
        value: p[key],
        threshold: limit,
        finding: `${p.scenario} missed its ${label} threshold at the fixed offered rate: ${p[key]} > ${limit}.`,
        recommendation: key === "errorRate" ? "Read the statuses in the report: 429s mean the limiter, 5xx the server log." : "Profile this scenario (npm run profile -- " + p.scenario + ") and check the pool, event-loop and query findings above.",
      });
    }
  }
  return findings;
}

/** A section's circuit breaker open at the end of a phase → its timeout budget or the database behind it. */
export function circuitRule(m) {
  return m.phases
    .filter((p) => p.circuitsOpen?.length)
    .map((p) => ({
      rule: "open-circuits",
      severity: "warning",
      metric: `${p.scenario} ${p.phase} sections with an open circuit`,
      value: p.circuitsOpen.length,
      threshold: 0,
      finding: `After ${p.scenario} (${p.phase}) the circuit of ${p.circuitsOpen.join(", ")} was open: those sections answered stale or unavailable, and their misses were not cached.`,
      recommendation: "Compare the section's p95 with SECTION_TIMEOUT_MS; if the database is the cause, see the pool and query findings, else raise the timeout or the breaker's thresholds (BREAKER_*).",
    }));
}

/** Resident memory above the budget under load. */
export function memoryRule(m, t) {
  const worst = m.phases.reduce((w, p) => (p.rssMaxMb > (w?.rssMaxMb ?? 0) ? p : w), undefined);
  if (!worst || worst.rssMaxMb <= t.rssBudgetMb) return [];
  return [
    {
      rule: "memory",
      severity: "warning",
      metric: "server RSS under load (MB)",
      value: worst.rssMaxMb,
      threshold: t.rssBudgetMb,
      finding: `The server's resident memory peaked at ${worst.rssMaxMb} MB (${worst.scenario}, ${worst.phase}).`,
      recommendation: "Bound the L1 cache (CACHE_MAX_KEYS), check for growth in the soak scenario, and compare with PGlite vs PostgreSQL (PGlite's WASM heap is large).",
    },
  ];
}

/** Every rule, in report order. */
export const rules = [cacheHitRatioRule, poolWaitRule, eventLoopRule, circuitRule, middlewareShareRule, queryBudgetRule, thresholdRule, memoryRule];

/** Runs every rule over the measurements. */
export function insightsFor(measurements, targets = {}) {
  const t = { ...defaultTargets, ...targets };
  return rules.flatMap((rule) => rule(measurements, t));
}

/** Flattens a bench result (perf/run.mjs) into the measurements the rules read. */
export function measurementsOf(result) {
  const phases = [];
  for (const s of result.scenarios) {
    for (const phase of ["saturation", "fixedRate"]) {
      const p = s[phase];
      if (!p) continue;
      phases.push({
        scenario: s.name,
        phase,
        expectsWarmCache: s.expectsWarmCache,
        cacheHitRatio: p.cacheHitRatio,
        eventLoopUtilization: p.server.eventLoopUtilization,
        pool: p.server.pool,
        p95Ms: p.latencyMs.p95,
        p99Ms: p.latencyMs.p99,
        errorRate: p.errorRate,
        rssMaxMb: p.server.rssMaxMb,
        circuitsOpen: p.circuitsOpen ?? null,
        thresholds: phase === "fixedRate" ? s.thresholds : undefined,
      });
    }
  }
  return { phases, queries: result.database?.queries ?? [], middleware: result.cpuProfile?.middleware, settings: { poolMax: result.settings?.poolMax } };
}
