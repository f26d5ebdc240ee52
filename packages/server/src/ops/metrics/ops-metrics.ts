import { monitorEventLoopDelay } from "node:perf_hooks";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { sectionNames, type SectionName } from "../../vocabulary/section-names.js";
import type { components } from "../../generated/openapi.js";
import type { CircuitState } from "../../vocabulary/circuit-state.js";
import type { SectionOutcome } from "../../vocabulary/section-outcomes.js";
import type { BackfillProgress } from "../../data-access/migrations/backfill.js";
import { quantileFromBuckets, type CumulativeBucket } from "./percentiles.js";

type Schemas = components["schemas"];
/** Cache hit and miss totals since start. */
export interface CacheTotals {
  hits: number;
  misses: number;
}
/** What the cache reports: overall lookups (L1, then L2 when present), and L2 lookups on their own. */
export interface CacheLookupTotals extends CacheTotals {
  l2?: CacheTotals | undefined;
}
/** Which rate-limit budget a request was counted against. */
export type RateLimitBudget = "read" | "write";


/** Latency buckets in seconds: fine below 100 ms where the page budget lives, coarse above. */
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.0075, 0.01, 0.015, 0.025, 0.04, 0.06, 0.08, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5];
const CIRCUIT_GAUGE_VALUE: Record<CircuitState, number> = { closed: 0, halfOpen: 1, open: 2 };
/** How long one event-loop-lag window lasts before its p99 is published and the monitor resets. */
const LAG_WINDOW_MS = 5_000;

/** Options for {@link OpsMetrics}. */
export interface OpsMetricsOptions {
  /** Also collect prom-client's default process and Node.js metrics (RSS, GC, handles). Default true. */
  defaultMetrics?: boolean;
  /** Reads the cache's hit/miss totals (the section cache and its L2 count them); none when absent. */
  cacheTotals?: () => CacheLookupTotals;
  /** Reads the breakers' current states (the coordinator's); defaults to what {@link OpsMetrics.setCircuitState} recorded. */
  circuitStates?: () => Partial<Record<SectionName, CircuitState>>;
  /** Reads the data backfills' progress (the migrator saves it in the database, whichever process runs it). */
  backfillProgress?: () => Promise<BackfillProgress[]>;
}

/**
 * Every operational metric of one server instance, in its own prom-client
 * registry (so two instances in one process never collide): HTTP and section
 * latency histograms, cache lookups, rate-limit rejections, circuit states and
 * event-loop lag. `/metrics` renders the registry; `/api/v1/metrics` renders
 * {@link OpsMetrics.snapshot}. Call {@link OpsMetrics.close} on shutdown.
 */
export class OpsMetrics {
  /** The registry `/metrics` exposes. */
  readonly registry = new Registry();
  private readonly httpDuration: Histogram<"method" | "route" | "status">;
  private readonly sectionDuration: Histogram<"section" | "outcome">;
  private readonly rateLimited: Counter<"budget">;
  private readonly rateLimitFallbacks: Counter;
  private readonly circuits = new Map<SectionName, CircuitState>();
  private readonly lagMonitor: ReturnType<typeof monitorEventLoopDelay>;
  private readonly lagTimer: NodeJS.Timeout;
  private lastLagMs = 0;
  private readonly cacheTotals: () => CacheLookupTotals;
  private readonly circuitStates: (() => Partial<Record<SectionName, CircuitState>>) | undefined;

  constructor(options: OpsMetricsOptions = {}) {
    const registers = [this.registry];
    // prom-client calls `collect` with the metric as `this`; reach this object through a name.
    const metrics = this;
    this.httpDuration = new Histogram({
      name: "intro_page_http_request_duration_seconds",
      help: "HTTP request duration by route template and status",
      labelNames: ["method", "route", "status"],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.sectionDuration = new Histogram({
      name: "intro_page_section_duration_seconds",
      help: "Section service call duration by outcome",
      labelNames: ["section", "outcome"],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    new Counter({
      name: "intro_page_cache_lookups_total",
      help: "Section cache lookups by result; layer=cache is the overall answer (L1, then L2), layer=l2 the Redis lookups",
      labelNames: ["layer", "result"],
      registers,
      // The cache keeps the totals; copy them at scrape time instead of counting twice on the hot path.
      collect() {
        const totals = metrics.cacheTotals();
        this.reset();
        this.inc({ layer: "cache", result: "hit" }, totals.hits);
        this.inc({ layer: "cache", result: "miss" }, totals.misses);
        if (totals.l2) {
          this.inc({ layer: "l2", result: "hit" }, totals.l2.hits);
          this.inc({ layer: "l2", result: "miss" }, totals.l2.misses);
        }
      },
    });
    this.rateLimited = new Counter({
      name: "intro_page_rate_limited_total",
      help: "Requests refused with 429 by budget",
      labelNames: ["budget"],
      registers,
    });
    this.rateLimitFallbacks = new Counter({
      name: "intro_page_rate_limit_store_fallbacks_total",
      help: "Rate-limit counts kept in process memory because Redis failed the command while connected",
      registers,
    });
    new Gauge({
      name: "intro_page_circuit_state",
      help: "Circuit breaker state per section: 0 closed, 1 half-open, 2 open",
      labelNames: ["section"],
      registers,
      collect() {
        for (const section of sectionNames) this.set({ section }, CIRCUIT_GAUGE_VALUE[metrics.circuitState(section)]);
      },
    });
    // Our own monitor (not only the default metrics') so the JSON snapshot can report a recent window.
    this.lagMonitor = monitorEventLoopDelay({ resolution: 10 });
    this.lagMonitor.enable();
    this.lagTimer = setInterval(() => this.rollLagWindow(), LAG_WINDOW_MS).unref();
    new Gauge({
      name: "intro_page_event_loop_lag_seconds",
      help: "p99 event-loop delay over the last window",
      registers,
      // prom-client calls `collect` on every scrape; read the value at that moment.
      collect() {
        this.set(metrics.eventLoopLagMs() / 1000);
      },
    });
    const backfillProgress = options.backfillProgress;
    if (backfillProgress) {
      new Gauge({
        name: "intro_page_backfill_progress_ratio",
        help: "Share of its source rows a data backfill has copied (1 when finished), by backfill; read from the database at scrape time",
        labelNames: ["backfill", "state"],
        registers,
        // A backfill runs in `npm run migrate`, not here; every instance reports what the database says.
        async collect() {
          this.reset();
          const progress = await backfillProgress().catch(() => []);
          for (const p of progress) {
            this.set({ backfill: p.name, state: p.finished ? "finished" : "running" }, p.finished ? 1 : p.rowsTotal > 0 ? Math.min(p.rowsDone / p.rowsTotal, 1) : 0);
          }
        },
      });
    }
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    this.cacheTotals = options.cacheTotals ?? (() => ({ hits: 0, misses: 0 }));
    this.circuitStates = options.circuitStates;
  }

  /** Records one finished HTTP request; `route` must be a template (`/api/v1/intro-page/:userId`), never a raw path. */
  observeRequest(method: string, route: string, status: number, seconds: number): void {
    this.httpDuration.observe({ method, route, status: String(status) }, seconds);
  }

  /** Records one section service call and how it ended. */
  observeSection(section: SectionName, outcome: SectionOutcome, seconds: number): void {
    this.sectionDuration.observe({ section, outcome }, seconds);
  }

  /** Records one request refused by the rate limiter. */
  countRateLimited(budget: RateLimitBudget): void {
    this.rateLimited.inc({ budget });
  }

  /** Records one rate-limit count that fell back from Redis to memory. */
  countRateLimitFallback(): void {
    this.rateLimitFallbacks.inc();
  }

  /** Records a circuit breaker's new state (when no `circuitStates` reader was given). */
  setCircuitState(section: SectionName, state: CircuitState): void {
    this.circuits.set(section, state);
  }

  /** A section's circuit state now: from the reader when given, else the last one recorded (closed by default). */
  circuitState(section: SectionName): CircuitState {
    return this.circuitStates?.()[section] ?? this.circuits.get(section) ?? "closed";
  }

  /** Recent p95 latency of a section in ms, or null before its first call. */
  async sectionP95Ms(section: SectionName): Promise<number | null> {
    const stats = (await this.sectionStats()).get(section);
    return stats && stats.count > 0 ? stats.p95Ms : null;
  }

  /** p99 event-loop delay in ms over the last completed window (the current one before the first window ends). */
  eventLoopLagMs(): number {
    return this.lastLagMs || nanosToMs(this.lagMonitor.percentile(99));
  }

  /** The Prometheus text exposition of every metric. */
  prometheusText(): Promise<string> {
    return this.registry.metrics();
  }

  /** The content type `/metrics` must send. */
  get prometheusContentType(): string {
    return this.registry.contentType;
  }

  /** The JSON view of the metrics (`MetricsSnapshot` in the contract). */
  async snapshot(): Promise<Schemas["MetricsSnapshot"]> {
    const routes = await this.routeStats();
    const sections = await this.sectionStats();
    const cache = this.cacheTotals();
    const lookups = cache.hits + cache.misses;
    const rateLimited = (await this.rateLimited.get()).values.reduce((sum, v) => sum + v.value, 0);
    const memory = process.memoryUsage();
    return {
      uptimeSeconds: round(process.uptime(), 1),
      routes: [...routes.values()],
      sections: sectionNames.map((name) => sections.get(name) ?? emptySection(name, this.circuitState(name))),
      cache: { hits: cache.hits, misses: cache.misses, hitRatio: lookups === 0 ? 0 : round(cache.hits / lookups, 4) },
      errors: [...routes.values()].reduce((sum, r) => sum + r.errors, 0),
      rateLimited,
      process: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, eventLoopLagMs: round(this.eventLoopLagMs(), 2) },
    };
  }

  /** Stops the event-loop monitor and its timer. */
  close(): void {
    clearInterval(this.lagTimer);
    this.lagMonitor.disable();
  }

  private rollLagWindow(): void {
    this.lastLagMs = nanosToMs(this.lagMonitor.percentile(99));
    this.lagMonitor.reset();
  }

  private async routeStats(): Promise<Map<string, Schemas["RouteMetrics"]>> {
    const result = new Map<string, Schemas["RouteMetrics"]>();
    for (const [key, group] of await groupHistogram(this.httpDuration, ["method", "route"], "status")) {
      const errors = sumWhere(group.countsBy, (status) => Number(status) >= 500);
      result.set(key, { method: group.labels.method!, route: group.labels.route!, count: group.total, errors, ...percentiles(group.buckets) });
    }
    return result;
  }

  private async sectionStats(): Promise<Map<SectionName, Schemas["SectionMetrics"]>> {
    const result = new Map<SectionName, Schemas["SectionMetrics"]>();
    for (const group of (await groupHistogram(this.sectionDuration, ["section"], "outcome")).values()) {
      const name = group.labels.section as SectionName;
      result.set(name, {
        name,
        count: group.total,
        failures: sumWhere(group.countsBy, (outcome) => outcome === "error" || outcome === "circuit_open"),
        timeouts: sumWhere(group.countsBy, (outcome) => outcome === "timeout"),
        circuit: this.circuitState(name),
        ...percentiles(group.buckets),
      });
    }
    return result;
  }
}

/** One series group of a histogram: its labels, merged cumulative buckets, and counts by one further label. */
interface HistogramGroup {
  labels: Record<string, string>;
  buckets: CumulativeBucket[];
  total: number;
  countsBy: Map<string, number>;
}

/**
 * Merges a histogram's series that share the `groupBy` labels (summing
 * buckets across the other labels) and keeps their counts split by `splitBy`.
 */
async function groupHistogram(histogram: Histogram<string>, groupBy: readonly string[], splitBy: string): Promise<Map<string, HistogramGroup>> {
  const raw = new Map<string, { labels: Record<string, string>; edges: Map<number, number>; countsBy: Map<string, number> }>();
  for (const sample of (await histogram.get()).values) {
    const labels = sample.labels as Record<string, string | number>;
    const key = groupBy.map((name) => String(labels[name])).join(" ");
    const group = raw.get(key) ?? { labels: Object.fromEntries(groupBy.map((name) => [name, String(labels[name])])), edges: new Map(), countsBy: new Map() };
    raw.set(key, group);
    if (sample.metricName?.endsWith("_bucket")) {
      const edge = labels.le === "+Inf" ? Infinity : Number(labels.le);
      group.edges.set(edge, (group.edges.get(edge) ?? 0) + sample.value);
    } else if (sample.metricName?.endsWith("_count")) {
      const split = String(labels[splitBy]);
      group.countsBy.set(split, (group.countsBy.get(split) ?? 0) + sample.value);
    }
  }
  const groups = new Map<string, HistogramGroup>();
  for (const [key, { labels, edges, countsBy }] of raw) {
    const buckets = toBuckets(edges);
    groups.set(key, { labels, buckets, total: buckets.at(-1)?.count ?? 0, countsBy });
  }
  return groups;
}

function sumWhere(counts: Map<string, number>, predicate: (label: string) => boolean): number {
  let sum = 0;
  for (const [label, count] of counts) if (predicate(label)) sum += count;
  return sum;
}

function toBuckets(edges: Map<number, number>): CumulativeBucket[] {
  return [...edges].map(([le, count]) => ({ le, count })).sort((a, b) => a.le - b.le);
}

function percentiles(buckets: CumulativeBucket[]): Schemas["LatencyPercentiles"] {
  const ms = (q: number) => round(quantileFromBuckets(buckets, q) * 1000, 3);
  return { p50Ms: ms(0.5), p95Ms: ms(0.95), p99Ms: ms(0.99) };
}

function emptySection(name: SectionName, circuit: CircuitState): Schemas["SectionMetrics"] {
  return { name, count: 0, failures: 0, timeouts: 0, circuit, p50Ms: 0, p95Ms: 0, p99Ms: 0 };
}

function nanosToMs(nanos: number): number {
  return Number.isFinite(nanos) ? nanos / 1e6 : 0;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
