import CircuitBreaker from "opossum";
import type { Logger } from "pino";
import { combineEtags } from "../cache/etag.js";
import { sectionKey } from "../cache/cache-keys.js";
import type { CachedSection, SectionCache } from "../cache/section-cache.js";
import { PageCache, type AssembledPage } from "./page-cache.js";
import { withinBudget } from "./section-budget.js";
import { okSection, staleSection, toCachedSection, unavailableSection, type SectionError, type SectionResult } from "./section-envelope.js";
import { sectionNames, type SectionName } from "../vocabulary/section-names.js";
import { PageReads } from "./sections/page-reads.js";
import type { UserRepository } from "../data-access/user-repository.js";
import { noSuchUser } from "./user-directory.js";
import type { SectionQuery, SectionServices } from "./sections/section-service.js";
import type { CircuitState } from "../vocabulary/circuit-state.js";
import type { SectionMonitor, SectionObservation } from "../vocabulary/section-outcomes.js";
import { isoInstant } from "../vocabulary/iso-instant.js";


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

/** Options of `Coordinator.section`. */
export interface SectionOptions {
  /** Skip the cache read (the result is still cached). */
  fresh?: boolean | undefined;
  /** A paginated activity view; never cached. */
  query?: SectionQuery | undefined;
  /** A flag-chosen rendering (`vocabulary/section-variants.ts`). */
  variant?: string | undefined;
  /** The page load's shared reads, when the section is loaded for a page. */
  reads?: PageReads | undefined;
}

/** Options of `Coordinator.page`. */
export interface PageOptions {
  fresh?: boolean | undefined;
  /** Flag-chosen renderings by section. */
  variants?: Readonly<Partial<Record<SectionName, string>>> | undefined;
  /** The page's evaluated flag state (empty when every flag is at its default), folded into the ETag. */
  flagState?: string | undefined;
  /**
   * Check that the user exists within the page's own statement (`PageReads.confirm`), for a user not known to
   * exist yet: the page then rejects with a 404 if they do not, and none of its sections is cached.
   */
  confirmUser?: Pick<UserRepository, "record"> | undefined;
}

/** True when flags chose another rendering for any section: such pages are assembled every time. */
const hasVariants = (options: PageOptions) => options.variants !== undefined && Object.values(options.variants).some((variant) => variant !== undefined);

/**
 * The UTF-8 bytes of `parts` one after another, written straight into one buffer: joining them first would copy a
 * page's ~10 KB of section data into a string only to copy it again into the bytes.
 */
function utf8Concat(parts: readonly string[]): Buffer {
  let length = 0;
  for (const part of parts) length += Buffer.byteLength(part);
  const bytes = Buffer.allocUnsafe(length);
  let at = 0;
  for (const part of parts) at += bytes.write(part, at);
  return bytes;
}

type Load = (userId: string, query?: SectionQuery, variant?: string, reads?: PageReads) => Promise<unknown>;

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
  private readonly breakers: Record<SectionName, CircuitBreaker<[string, SectionQuery | undefined, string | undefined, PageReads | undefined], unknown>>;
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
      const budgetMs = this.budgetOf(name);
      const load: Load = (userId, query, variant, reads) => withinBudget(options.sections[name].load(userId, query, variant, reads), budgetMs);
      const breaker = new CircuitBreaker(load, {
        name,
        // The budget is kept by `withinBudget` (domain/section-budget.ts), which does not blame a section for our own
        // event loop's lag; opossum's timer would.
        timeout: false,
        errorThresholdPercentage: options.breaker.errorThresholdPercentage,
        volumeThreshold: options.breaker.volumeThreshold,
        resetTimeout: options.breaker.resetTimeoutMs,
        rollingCountTimeout: 10_000,
        rollingCountBuckets: 10,
        // Latency percentiles are not used here (request timing has its own histogram), and opossum computes them
        // on every failure by concatenating and sorting every latency in the window: under a burst of timeouts that
        // sort was four fifths of the server's allocations, which fed the overload it was reporting.
        rollingPercentilesEnabled: false,
      });
      breaker.on("open", () => options.logger?.warn({ section: name }, "section circuit opened"));
      breaker.on("close", () => options.logger?.info({ section: name }, "section circuit closed"));
      return breaker;
    };
    this.breakers = Object.fromEntries(sectionNames.map((name) => [name, make(name)])) as Coordinator["breakers"];
  }

  /**
   * One section for one user. `fresh` skips the cache read (the result is
   * still cached); a `query` (activity pagination) is never cached; a
   * flag-chosen `variant` is loaded and cached under its own key.
   */
  async section(userId: string, name: SectionName, options: SectionOptions = {}): Promise<SectionResult> {
    const { variant, reads } = options;
    const key = sectionKey(userId, name, variant);
    const { cache } = this.options;
    if (options.query) return this.compute(userId, name, key, options.query, variant, undefined, false);
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
    const promise = this.compute(userId, name, key, undefined, variant, reads, true).finally(() => {
      if (this.inflight.get(key)?.promise === promise) this.inflight.delete(key);
    });
    this.inflight.set(key, { startedAt, promise });
    return promise;
  }

  /**
   * The page as already assembled from sections that are all still cached,
   * or undefined: a synchronous check a poll can answer (even with a 304)
   * before anything is loaded or assembled. Pages with flag-chosen variants
   * are never kept; the flag state is part of the kept page's key, so a flag
   * change can never serve a page assembled under the old flags.
   */
  cachedPage(userId: string, names: ReadonlyArray<SectionName>, options: PageOptions = {}): PageResult | undefined {
    if (hasVariants(options)) return undefined;
    const page = this.pages.get(userId, names, options.flagState ?? "");
    if (!page) return undefined;
    for (const name of names) this.emit({ section: name, outcome: "hit", durationMs: 0 });
    return { ...page, degraded: false };
  }

  /**
   * The whole page (or the requested subset), sections in the order given.
   * `variants` and `flagState` come from the page's feature flags
   * (domain/flags/page-flags.ts): each variant picks its section's cache
   * entry, and the flag state is part of the ETag. A page whose sections all
   * came from the cache is kept assembled (with its `generatedAt`) and served
   * as is until one of them changes.
   */
  async page(userId: string, names: ReadonlyArray<SectionName>, options: PageOptions = {}): Promise<PageResult> {
    if (!options.fresh) {
      const cached = this.cachedPage(userId, names, options);
      if (cached) return cached;
    }
    const started = performance.now();
    const { fresh, variants } = options;
    const reads = new PageReads(userId, this.now());
    // Asked for before the sections ask for theirs, so it is in the same statement.
    const exists = options.confirmUser ? reads.confirm(options.confirmUser) : undefined;
    exists?.catch(() => undefined); // awaited below; a failure fails the page there, not as an unhandled rejection
    const results = await Promise.all(names.map((name) => this.section(userId, name, { fresh, variant: variants?.[name], reads })));
    if (exists && !(await exists)) throw noSuchUser(userId);
    const coordinationMs = Math.round((performance.now() - started) * 100) / 100;
    const hits = results.filter((r) => r.fromCache).length;
    const cache = hits === results.length ? "hit" : hits === 0 ? "miss" : "partial";
    const degraded = results.some((r) => r.status !== "ok");
    const body: string[] = [`{"userId":${JSON.stringify(userId)},"generatedAt":"${isoInstant(this.now())}","sections":{`];
    names.forEach((name, i) => body.push(`${i === 0 ? "" : ","}"${name}":`, ...results[i]!.parts));
    body.push(`},"meta":{"coordinationMs":${coordinationMs},"cache":"${cache}","degraded":${degraded}}}`);
    const parts = names.map((name, i) => `${name}:${results[i]!.etag}`);
    // With every flag at its default the state is empty and the ETag is the one the page had before flags.
    if (options.flagState) parts.push(`flags:${options.flagState}`);
    const etag = combineEtags(parts);
    const page: AssembledPage = { body: utf8Concat(body), etag, encodings: new Map() };
    const sources = results.map((result) => result.cached);
    if (cache === "hit" && !hasVariants(options) && sources.every((source): source is CachedSection => source !== undefined)) {
      this.pages.set(userId, names, options.flagState ?? "", sources, page);
    }
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

  private async compute(
    userId: string,
    name: SectionName,
    key: string,
    query: SectionQuery | undefined,
    variant: string | undefined,
    reads: PageReads | undefined,
    cacheable: boolean,
  ): Promise<SectionResult> {
    const { cache, logger } = this.options;
    const startedAt = cache.startLoad();
    const started = performance.now();
    try {
      const data = await this.breakers[name].fire(userId, query, variant, reads);
      const entry = toCachedSection(data, this.now());
      this.emit({ section: name, outcome: "ok", durationMs: performance.now() - started });
      // A user whose existence this page load checks is cached only once the check found them.
      if (cacheable && (reads?.confirmed === undefined || (await reads.confirmed))) await cache.set(key, name, entry, startedAt);
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
