import CircuitBreaker from "opossum";
import type { Logger } from "pino";
import { combineEtags } from "../cache/etag.js";
import { sectionKey } from "../cache/cache-keys.js";
import type { CachedSection, SectionCache } from "../cache/section-cache.js";
import { PageCache, type AssembledPage } from "./page-cache.js";
import { okSection, staleSection, toCachedSection, unavailableSection, type SectionError, type SectionResult } from "./section-envelope.js";
import { sectionNames, type SectionName } from "../vocabulary/section-names.js";
import type { SectionQuery, SectionServices } from "./sections/section-service.js";
import type { CircuitState } from "../vocabulary/circuit-state.js";
import type { SectionMonitor, SectionObservation } from "../vocabulary/section-outcomes.js";


/** Options for the `Coordinator`. */
export interface CoordinatorOptions {
  sections: SectionServices;
  cache: SectionCache;
  /** Budget of one section load (ms). */
  timeoutMs: number;
  /** Per-section budgets that override `timeoutMs` (e.g. a heavier statistics query). */
  sectionTimeoutsMs?: Partial<Record<SectionName, number>> | undefined;
  breaker: { errorThresholdPercentage: number; volumeThreshold: number; resetTimeoutMs: number };
  logger?: Logger | undefined;
  /** Clock, for `asOf`/`generatedAt`. */
  now?: () => Date;
  /** Bytes of assembled pages kept (see `PageCache`); default 32 MiB. */
  pageCacheBytes?: number;
}

/** An assembled intro page: its bytes, weak ETag (over the requested sections' data) and compressed copies. */
export interface PageResult extends AssembledPage {
  degraded: boolean;
}

type Load = (userId: string, query?: SectionQuery) => Promise<unknown>;

const sectionErrorFor = (err: unknown, section: SectionName, timeoutMs: number): SectionError => {
  const code = (err as { code?: unknown } | null)?.code;
  if (code === "ETIMEDOUT") return { code: "timeout", message: `The ${section} section did not answer within ${timeoutMs} ms.` };
  if (code === "EOPENBREAKER") return { code: "circuit_open", message: `The ${section} section is failing; try again shortly.` };
  return { code: "error", message: `The ${section} section failed to load.` };
};

/**
 * Fans out to the section services in parallel. Each load runs inside its
 * section's circuit breaker with a timeout budget; a failure serves the
 * last good copy (`stale`) or `unavailable`, so one section never fails
 * the page. Fresh results are cached serialized; concurrent misses for the
 * same key share one load.
 */
export class Coordinator implements SectionMonitor {
  private readonly options: CoordinatorOptions;
  private readonly breakers: Record<SectionName, CircuitBreaker<[string, SectionQuery | undefined], unknown>>;
  private readonly inflight = new Map<string, { startedAt: number; promise: Promise<SectionResult> }>();
  private readonly observers = new Set<(observation: SectionObservation) => void>();
  private readonly now: () => Date;
  private readonly budgetOf: (name: SectionName) => number;
  private readonly pages: PageCache;

  constructor(options: CoordinatorOptions) {
    this.options = options;
    this.now = options.now ?? (() => new Date());
    this.budgetOf = (name) => options.sectionTimeoutsMs?.[name] ?? options.timeoutMs;
    this.pages = new PageCache(options.cache, options.pageCacheBytes);
    const make = (name: SectionName) => {
      const load: Load = (userId, query) => options.sections[name].load(userId, query);
      const breaker = new CircuitBreaker(load, {
        name,
        timeout: this.budgetOf(name),
        errorThresholdPercentage: options.breaker.errorThresholdPercentage,
        volumeThreshold: options.breaker.volumeThreshold,
        resetTimeout: options.breaker.resetTimeoutMs,
        rollingCountTimeout: 10_000,
        rollingCountBuckets: 10,
      });
      breaker.on("open", () => options.logger?.warn({ section: name }, "section circuit opened"));
      breaker.on("close", () => options.logger?.info({ section: name }, "section circuit closed"));
      return breaker;
    };
    this.breakers = Object.fromEntries(sectionNames.map((name) => [name, make(name)])) as Coordinator["breakers"];
  }

  /**
   * One section for one user. `fresh` skips the cache read (the result is
   * still cached); a `query` (activity pagination) is never cached.
   */
  async section(userId: string, name: SectionName, options: { fresh?: boolean; query?: SectionQuery } = {}): Promise<SectionResult> {
    const key = sectionKey(userId, name);
    const { cache } = this.options;
    if (options.query) return this.compute(userId, name, key, options.query, false);
    if (!options.fresh) {
      const cached = await cache.get(key, name);
      if (cached) {
        this.emit({ section: name, outcome: "hit", durationMs: 0 });
        return okSection(cached, true);
      }
      const running = this.inflight.get(key);
      if (running && cache.unchangedSince(key, running.startedAt)) return running.promise;
    }
    const startedAt = cache.startLoad();
    const promise = this.compute(userId, name, key, undefined, true).finally(() => {
      if (this.inflight.get(key)?.promise === promise) this.inflight.delete(key);
    });
    this.inflight.set(key, { startedAt, promise });
    return promise;
  }

  /**
   * The page as already assembled from sections that are all still cached,
   * or undefined: a synchronous check a poll can answer (even with a 304)
   * before anything is loaded or assembled.
   */
  cachedPage(userId: string, names: ReadonlyArray<SectionName>): PageResult | undefined {
    const page = this.pages.get(userId, names);
    if (!page) return undefined;
    for (const name of names) this.emit({ section: name, outcome: "hit", durationMs: 0 });
    return { ...page, degraded: false };
  }

  /**
   * The whole page (or the requested subset), sections in the order given.
   * A page whose sections all came from the cache is kept assembled (with
   * its `generatedAt`) and served as is until one of them changes.
   */
  async page(userId: string, names: ReadonlyArray<SectionName>, options: { fresh?: boolean } = {}): Promise<PageResult> {
    if (!options.fresh) {
      const cached = this.cachedPage(userId, names);
      if (cached) return cached;
    }
    const started = performance.now();
    const results = await Promise.all(names.map((name) => this.section(userId, name, options)));
    const coordinationMs = Math.round((performance.now() - started) * 100) / 100;
    const hits = results.filter((r) => r.fromCache).length;
    const cache = hits === results.length ? "hit" : hits === 0 ? "miss" : "partial";
    const degraded = results.some((r) => r.status !== "ok");
    const sections = names.map((name, i) => `"${name}":${results[i]!.envelope}`).join(",");
    const body =
      `{"userId":${JSON.stringify(userId)},"generatedAt":"${this.now().toISOString()}","sections":{${sections}},` +
      `"meta":{"coordinationMs":${coordinationMs},"cache":"${cache}","degraded":${degraded}}}`;
    const etag = combineEtags(names.map((name, i) => `${name}:${results[i]!.etag}`));
    const page: AssembledPage = { body: Buffer.from(body), etag, encodings: new Map() };
    const sources = results.map((result) => result.cached);
    if (cache === "hit" && sources.every((source): source is CachedSection => source !== undefined)) this.pages.set(userId, names, sources, page);
    return { ...page, degraded };
  }

  /** Each section's circuit state, for health and metrics. */
  circuitStates(): Record<SectionName, CircuitState> {
    return Object.fromEntries(
      sectionNames.map((name) => {
        const breaker = this.breakers[name];
        return [name, breaker.opened ? "open" : breaker.halfOpen ? "halfOpen" : "closed"];
      }),
    ) as Record<SectionName, CircuitState>;
  }

  /** Subscribes to every section load's outcome; returns the unsubscribe function. */
  observe(listener: (observation: SectionObservation) => void): () => void {
    this.observers.add(listener);
    return () => this.observers.delete(listener);
  }

  /** Stops the breakers' timers. */
  close(): void {
    for (const breaker of Object.values(this.breakers)) breaker.shutdown();
  }

  private async compute(userId: string, name: SectionName, key: string, query: SectionQuery | undefined, cacheable: boolean): Promise<SectionResult> {
    const { cache, logger } = this.options;
    const startedAt = cache.startLoad();
    const started = performance.now();
    try {
      const data = await this.breakers[name].fire(userId, query);
      const entry = toCachedSection(data, this.now());
      this.emit({ section: name, outcome: "ok", durationMs: performance.now() - started });
      if (cacheable) await cache.set(key, name, entry, startedAt);
      return okSection(entry, false);
    } catch (err) {
      const error = sectionErrorFor(err, name, this.budgetOf(name));
      this.emit({ section: name, outcome: error.code, durationMs: performance.now() - started });
      if (error.code === "error") logger?.error({ err, section: name, userId }, "section failed");
      // A paginated activity page has no last good copy of its own; the first page's would be misleading.
      const lastGood = query ? undefined : cache.getLastGood(key);
      return lastGood ? staleSection(lastGood, error) : unavailableSection(error, this.now());
    }
  }

  private emit(observation: SectionObservation): void {
    for (const listener of this.observers) listener(observation);
  }
}
