import { describe, expect, it } from "vitest";
import { cacheHitRatioRule, circuitRule, defaultTargets, eventLoopRule, insightsFor, memoryRule, middlewareShareRule, poolWaitRule, queryBudgetRule, thresholdRule } from "./insights.mjs";

/** A phase whose every number is comfortably inside the default targets. */
const healthyPhase = (overrides = {}) => ({
  scenario: "page-warm",
  phase: "fixedRate",
  expectsWarmCache: true,
  cacheHitRatio: 0.99,
  eventLoopUtilization: 0.4,
  pool: { acquires: 1000, waits: 0, waitP95Ms: 0 },
  p95Ms: 2,
  p99Ms: 4,
  errorRate: 0,
  rssMaxMb: 120,
  thresholds: { p95Ms: 5, p99Ms: 10, errorRate: 0 },
  ...overrides,
});
const measurements = (overrides = {}) => ({ phases: [healthyPhase()], queries: [{ section: "actions", name: "open items", p95Ms: 1, usesIndex: true }], middleware: [{ name: "authenticate", share: 0.05 }], ...overrides });
const t = defaultTargets;

describe("insight rules", () => {
  it("when every number is inside its threshold, then no rule fires", () => {
    expect(insightsFor(measurements())).toEqual([]);
  });

  it("when a warm scenario's hit ratio is below target, then the cache rule names the ratio and recommends TTLs or warming", () => {
    const [finding, ...rest] = cacheHitRatioRule(measurements({ phases: [healthyPhase({ cacheHitRatio: 0.7 })] }), t);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ rule: "cache-hit-ratio", value: 0.7, threshold: 0.9 });
    expect(finding.recommendation).toMatch(/CACHE_TTL_.*warm/);
  });

  it("when a cold scenario misses the cache, then the cache rule stays silent", () => {
    expect(cacheHitRatioRule(measurements({ phases: [healthyPhase({ expectsWarmCache: false, cacheHitRatio: 0.1 })] }), t)).toEqual([]);
  });

  it("when more than 1% of connection acquisitions wait, then the pool rule recommends the pool size it read", () => {
    const m = measurements({ phases: [healthyPhase({ pool: { acquires: 1000, waits: 50, waitP95Ms: 12 } })], settings: { poolMax: 10 } });
    const [finding] = poolWaitRule(m, t);
    expect(finding).toMatchObject({ rule: "pool-waits", value: 0.05, threshold: 0.01 });
    expect(finding.recommendation).toContain("DATABASE_POOL_MAX (now 10)");
  });

  it("when waits stay at or under 1% or no pool was used, then the pool rule stays silent", () => {
    expect(poolWaitRule(measurements({ phases: [healthyPhase({ pool: { acquires: 1000, waits: 10, waitP95Ms: 1 } }), healthyPhase({ pool: null })] }), t)).toEqual([]);
  });

  it("when event-loop utilization nears 1 at a fixed rate, then the rule recommends more instances", () => {
    const [finding] = eventLoopRule(measurements({ phases: [healthyPhase({ eventLoopUtilization: 0.97 })] }), t);
    expect(finding).toMatchObject({ rule: "event-loop-utilization", value: 0.97, threshold: 0.9 });
    expect(finding.recommendation).toMatch(/more instances/);
  });

  it("when the loop is saturated only in a saturation phase, then the event-loop rule stays silent (that is what saturation means)", () => {
    expect(eventLoopRule(measurements({ phases: [healthyPhase({ phase: "saturation", eventLoopUtilization: 1 })] }), t)).toEqual([]);
  });

  it("when a section's circuit is open after a phase, then the rule names the sections and the timeout to compare", () => {
    const [finding] = circuitRule(measurements({ phases: [healthyPhase({ circuitsOpen: ["statistics", "activity"] })] }));
    expect(finding).toMatchObject({ rule: "open-circuits", value: 2, threshold: 0 });
    expect(finding.finding).toContain("statistics, activity");
    expect(finding.recommendation).toContain("SECTION_TIMEOUT_MS");
  });

  it("when every circuit is closed or unknown (a baseline), then the circuit rule stays silent", () => {
    expect(circuitRule(measurements({ phases: [healthyPhase({ circuitsOpen: [] }), healthyPhase({ circuitsOpen: null })] }))).toEqual([]);
  });

  it("when one middleware takes more than 20% of the CPU, then the rule names that middleware", () => {
    const [finding, ...rest] = middlewareShareRule(measurements({ middleware: [{ name: "validateRequests", share: 0.31 }, { name: "authenticate", share: 0.1 }] }), t);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ rule: "middleware-share", metric: "CPU share of validateRequests", value: 0.31 });
  });

  it("when no profile was taken, then the middleware rule stays silent", () => {
    expect(middlewareShareRule(measurements({ middleware: undefined }), t)).toEqual([]);
  });

  it("when a section query is above its budget, then the rule points at its plan and says when no index is used", () => {
    const m = measurements({ queries: [{ section: "statistics", name: "items summary", p95Ms: 9, usesIndex: true }, { section: "system", name: "active users", p95Ms: 40, usesIndex: false }] });
    const findings = queryBudgetRule(m, t);
    expect(findings.map((f) => f.metric)).toEqual(["statistics / items summary query p95", "system / active users query p95"]);
    expect(findings[0].recommendation).toMatch(/EXPLAIN/);
    expect(findings[1].finding).toMatch(/uses no index/);
  });

  it("when a slow p95 comes with a fast plan, then the query rule points at the waiting, not the query", () => {
    const [finding] = queryBudgetRule(measurements({ queries: [{ section: "activity", name: "first page", p95Ms: 16, usesIndex: true, executionMs: 0.05 }] }), t);
    expect(finding).toMatchObject({ severity: "info", value: 16, threshold: 5 });
    expect(finding.finding).toContain("executed in 0.05 ms");
    expect(finding.recommendation).toMatch(/pool waits/);
  });

  it("when queries are within budget, then the query rule stays silent", () => {
    expect(queryBudgetRule(measurements({ queries: [{ section: "actions", name: "open items", p95Ms: 5, usesIndex: true }] }), t)).toEqual([]);
  });

  it("when a fixed-rate phase misses its p95 or error threshold, then one finding per missed threshold", () => {
    const findings = thresholdRule(measurements({ phases: [healthyPhase({ p95Ms: 8, errorRate: 0.02 })] }));
    expect(findings.map((f) => [f.metric, f.value, f.threshold])).toEqual([
      ["page-warm fixed-rate p95", 8, 5],
      ["page-warm fixed-rate error rate", 0.02, 0],
    ]);
  });

  it("when the server's RSS exceeds the budget, then the memory rule reports the worst phase once", () => {
    const findings = memoryRule(measurements({ phases: [healthyPhase({ rssMaxMb: 180 }), healthyPhase({ scenario: "mixed", rssMaxMb: 220 })] }), t);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ value: 220, threshold: 150 });
    expect(findings[0].finding).toContain("mixed");
  });

  it("when a run overrides a target, then the rules use the override", () => {
    expect(insightsFor(measurements({ phases: [healthyPhase({ cacheHitRatio: 0.95 })] }), { cacheHitRatioMin: 0.98 }).map((f) => f.rule)).toEqual(["cache-hit-ratio"]);
  });
});
