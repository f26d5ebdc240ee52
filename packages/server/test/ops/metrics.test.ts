import { afterEach, describe, expect, it } from "vitest";
import { OpsMetrics } from "../../src/ops/metrics/ops-metrics.js";
import { quantileFromBuckets } from "../../src/ops/metrics/percentiles.js";

describe("quantileFromBuckets", () => {
  it("when the histogram is empty, then every quantile is 0", () => {
    expect(quantileFromBuckets([{ le: 1, count: 0 }, { le: Infinity, count: 0 }], 0.99)).toBe(0);
  });

  it("when observations fill one bucket, then quantiles interpolate linearly inside it", () => {
    const buckets = [{ le: 0.01, count: 0 }, { le: 0.02, count: 100 }, { le: Infinity, count: 100 }];
    expect(quantileFromBuckets(buckets, 0.5)).toBeCloseTo(0.015, 6);
    expect(quantileFromBuckets(buckets, 0.95)).toBeCloseTo(0.0195, 6);
  });

  it("when the rank falls in the +Inf bucket, then the highest finite edge is reported", () => {
    expect(quantileFromBuckets([{ le: 1, count: 90 }, { le: Infinity, count: 100 }], 0.99)).toBe(1);
  });
});

describe("OpsMetrics", () => {
  let metrics: OpsMetrics | undefined;
  afterEach(() => metrics?.close());

  it("when requests are observed, then the snapshot groups them by route template with counts, errors and ordered percentiles", async () => {
    metrics = new OpsMetrics({ defaultMetrics: false });
    for (let i = 1; i <= 100; i++) metrics.observeRequest("GET", "/api/v1/intro-page/:userId", i === 100 ? 503 : 200, i / 10_000);
    metrics.observeRequest("POST", "/api/v1/events", 202, 0.004);
    const snapshot = await metrics.snapshot();
    const page = snapshot.routes.find((r) => r.route === "/api/v1/intro-page/:userId");
    expect(page).toMatchObject({ method: "GET", count: 100, errors: 1 });
    expect(page!.p50Ms).toBeGreaterThan(0);
    expect(page!.p50Ms).toBeLessThanOrEqual(page!.p95Ms);
    expect(page!.p95Ms).toBeLessThanOrEqual(page!.p99Ms);
    expect(page!.p99Ms).toBeLessThanOrEqual(10);
    expect(snapshot.errors).toBe(1);
  });

  it("when sections, cache lookups, 429s and circuit changes are recorded, then the snapshot reports each", async () => {
    metrics = new OpsMetrics({ defaultMetrics: false, cacheTotals: () => ({ hits: 3, misses: 1, l2: { hits: 1, misses: 0 } }) });
    metrics.observeSection("actions", "ok", 0.002);
    metrics.observeSection("actions", "timeout", 0.08);
    metrics.observeSection("actions", "error", 0.001);
    metrics.setCircuitState("actions", "open");
    metrics.countRateLimited("read");
    metrics.countRateLimited("write");
    const snapshot = await metrics.snapshot();
    expect(snapshot.sections.map((s) => s.name)).toEqual(["personalization", "actions", "statistics", "activity", "system"]);
    expect(snapshot.sections[1]).toMatchObject({ name: "actions", count: 3, failures: 1, timeouts: 1, circuit: "open" });
    expect(snapshot.sections[2]).toMatchObject({ name: "statistics", count: 0, circuit: "closed" });
    expect(snapshot.cache).toEqual({ hits: 3, misses: 1, hitRatio: 0.75 });
    expect(snapshot.rateLimited).toBe(2);
    expect(snapshot.process.rssBytes).toBeGreaterThan(0);
    expect(snapshot.process.eventLoopLagMs).toBeGreaterThanOrEqual(0);
  });

  it("when rendered for Prometheus, then latency is exposed as histogram buckets next to process metrics", async () => {
    metrics = new OpsMetrics({ cacheTotals: () => ({ hits: 7, misses: 2, l2: { hits: 1, misses: 1 } }) });
    metrics.observeRequest("GET", "/api/v1/health", 200, 0.001);
    const text = await metrics.prometheusText();
    expect(text).toContain("# TYPE intro_page_http_request_duration_seconds histogram");
    expect(text).toMatch(/intro_page_http_request_duration_seconds_bucket\{le="0\.001",method="GET",route="\/api\/v1\/health",status="200"\} 1/);
    expect(text).toContain("intro_page_event_loop_lag_seconds");
    expect(text).toContain("process_resident_memory_bytes");
    expect(text).toContain('intro_page_circuit_state{section="system"} 0');
    expect(text).toContain('intro_page_cache_lookups_total{layer="cache",result="hit"} 7');
    expect(text).toContain('intro_page_cache_lookups_total{layer="l2",result="miss"} 1');
  });

  it("when two instances live in one process, then their registries do not share counts", async () => {
    metrics = new OpsMetrics({ defaultMetrics: false });
    const other = new OpsMetrics({ defaultMetrics: false });
    metrics.countRateLimited("read");
    expect((await other.snapshot()).rateLimited).toBe(0);
    other.close();
  });
});
