import { LRUCache } from "lru-cache";
import type { Logger } from "pino";
import type { SectionName } from "../vocabulary/section-names.js";
import { parseSectionKey, sectionKey, selectorMatches, type InvalidationSelector } from "./cache-keys.js";
import type { InvalidationBus, L2Store } from "./ports.js";

/** A computed section as cached: its data already serialized, so serving it costs no JSON.stringify. */
export interface CachedSection {
  /** `JSON.stringify(data)`. */
  data: string;
  /** Weak ETag over `data`. */
  etag: string;
  /** When `data` was computed (ISO 8601). */
  asOf: string;
}

/** Options for `SectionCache`. */
export interface SectionCacheOptions {
  /** Seconds a fresh entry is served, per section. */
  ttls: Record<SectionName, number>;
  /** Seconds a last-good copy is kept for stale fallback. */
  staleTtlSeconds: number;
  /** Upper bound of L1 entries (each is a section's fresh entry and its last-good copy at once); past it the least recently used go. */
  maxKeys: number;
  /** Upper bound of the bytes L1 holds (each entry's text counted once); past it the least recently used go. */
  maxBytes: number;
  /** Optional shared second level (Redis). */
  l2?: L2Store | undefined;
  /** Optional cross-instance invalidation (Redis pub/sub). */
  bus?: InvalidationBus | undefined;
  logger?: Logger | undefined;
  /** Monotonic clock in ms (`performance.now` by default), for tests. */
  now?: () => number;
}

/** L1 statistics in the shape of the contract's `CacheStats.l1`. */
export interface SectionCacheStats {
  keys: number;
  hits: number;
  misses: number;
  hitRatio: number;
  staleKeys: number;
}

/**
 * An L1 entry: one computed section, served fresh until `freshUntil` and
 * kept as the last good copy (for stale fallback) until `goodUntil`, both on
 * the cache's monotonic clock. An invalidation ends its freshness only.
 */
interface Held {
  section: CachedSection;
  freshUntil: number;
  goodUntil: number;
}

/** What an entry costs L1: its text (one byte per character: JSON here is ASCII-escaped or mostly ASCII) and some overhead. */
const entryBytes = ({ section }: Held) => section.data.length + section.etag.length + section.asOf.length + 96;

/** Bound of remembered invalidations (see `boundInvalidationMaps`). */
const maxInvalidationRecords = 10_000;

/** Serialization of an entry for the L2 store: three newline-separated fields, data last (it may contain anything). */
const encode = (entry: CachedSection) => `${entry.etag}\n${entry.asOf}\n${entry.data}`;
function decode(text: string): CachedSection | undefined {
  const first = text.indexOf("\n");
  const second = text.indexOf("\n", first + 1);
  if (first < 0 || second < 0) return undefined;
  return { etag: text.slice(0, first), asOf: text.slice(first + 1, second), data: text.slice(second + 1) };
}

/**
 * The section cache: an L1 per process with per-section TTLs, an optional
 * shared L2, and last-good copies kept (longer) for stale fallback. Keys come
 * from `sectionKey()`. L1 is one least-recently-used map bounded by entries
 * and by bytes, so memory stays within `maxBytes` however many users are read
 * (a full map drops its coldest entries; it never refuses one). Each entry is
 * both the fresh section and its last good copy, with an expiry for each:
 * one map write per stored section, and the expiries are checked here rather
 * than by lru-cache's own TTL tracking.
 *
 * Read-your-writes under concurrency: a load records the generation it
 * started in (`startLoad`); an invalidation that happens while it runs makes
 * its later `set` a no-op, so a slow read can never put pre-write data back.
 */
export class SectionCache {
  private readonly held: LRUCache<string, Held>;
  private readonly options: SectionCacheOptions;
  private readonly now: () => number;
  private hits = 0;
  private misses = 0;
  private generation = 0;
  private invalidatedAll = 0;
  /** Loads that started before this generation are treated as overtaken (the maps below were cleared then). */
  private floor = 0;
  private readonly invalidatedUsers = new Map<string, number>();
  private readonly invalidatedSections = new Map<string, number>();
  private readonly invalidatedKeys = new Map<string, number>();
  private readonly invalidationListeners = new Set<(selector: InvalidationSelector) => void>();

  constructor(options: SectionCacheOptions) {
    this.options = options;
    this.now = options.now ?? (() => performance.now());
    // No `max` here: lru-cache would allocate its index arrays for `maxKeys` entries up front (megabytes for the
    // default 100,000), most of which the byte bound never lets fill; `store` enforces the count.
    this.held = new LRUCache<string, Held>({ maxSize: options.maxBytes, sizeCalculation: entryBytes });
    // A subscription that fails (Redis closed under it) is resumed by the bus once Redis is back
    // (`RedisConnection.listen`); the failure itself must not become an unhandled rejection.
    Promise.resolve(
      options.bus?.subscribe((selector) => {
        this.invalidateLocal(selector);
      }),
    ).catch((err: unknown) => options.logger?.warn({ err }, "cache invalidation subscription failed; resumed when Redis is back"));
  }

  /** The fresh entry for `key` from L1, else L2 (copied into L1); counts a hit or a miss. */
  async get(key: string, section: SectionName): Promise<CachedSection | undefined> {
    const local = this.peek(key);
    if (local) {
      this.hits++;
      return local;
    }
    const started = this.startLoad();
    const remote = await this.readL2(key);
    if (remote && this.unchangedSince(key, started)) {
      this.hits++;
      this.store(key, remote, section);
      return remote;
    }
    this.misses++;
    return undefined;
  }

  /** Synchronous L1-only lookup, for hot paths that want to skip the promise. */
  peek(key: string): CachedSection | undefined {
    return this.freshAt(key, this.now());
  }

  /**
   * Whether each of `keys` still has `sources[i]` as its fresh entry, as when
   * a page built on them was kept; if so they count as hits. A cached page's
   * poll asks this of all its sections at once, with one reading of the clock.
   */
  stillFresh(keys: readonly string[], sources: readonly CachedSection[]): boolean {
    const now = this.now();
    for (let i = 0; i < keys.length; i++) if (this.freshAt(keys[i]!, now) !== sources[i]) return false;
    this.hits += keys.length;
    return true;
  }

  /** The last good copy for stale fallback, even after its fresh entry expired or was invalidated. */
  getLastGood(key: string): CachedSection | undefined {
    const held = this.held.get(key);
    if (held === undefined) return undefined;
    if (this.now() < held.goodUntil) return held.section;
    this.held.delete(key);
    return undefined;
  }

  /** Marks the start of a load; pass the result to `set`. */
  startLoad(): number {
    return this.generation;
  }

  /**
   * Stores a freshly computed entry unless the key was invalidated since
   * `startedAt`. Returns whether it was stored.
   */
  async set(key: string, section: SectionName, entry: CachedSection, startedAt: number): Promise<boolean> {
    if (!this.unchangedSince(key, startedAt)) return false;
    this.store(key, entry, section);
    if (this.options.l2) {
      try {
        await this.options.l2.set(key, encode(entry), this.options.ttls[section]);
      } catch (err) {
        this.options.logger?.warn({ err, key }, "L2 cache write failed");
      }
    }
    return true;
  }

  /**
   * Drops the selected fresh entries here, in L2, and (via the bus) on every
   * other instance. Last-good copies stay: they are what a failing section
   * falls back to, marked stale. Returns the number of L1 entries dropped.
   */
  async invalidate(selector: InvalidationSelector): Promise<number> {
    const dropped = this.invalidateLocal(selector);
    const { l2, bus, logger } = this.options;
    await Promise.all([
      l2?.del(selector).catch((err: unknown) => logger?.warn({ err, selector }, "L2 cache invalidation failed")),
      bus?.publish(selector).catch((err: unknown) => logger?.warn({ err, selector }, "cache invalidation publish failed")),
    ]);
    return dropped;
  }

  /**
   * Calls `listener` after every invalidation this process applies, its own
   * and those heard on the bus from other instances (live push listens here).
   * Returns the unsubscribe function.
   */
  onInvalidate(listener: (selector: InvalidationSelector) => void): () => void {
    this.invalidationListeners.add(listener);
    return () => this.invalidationListeners.delete(listener);
  }

  /** Drops the selected fresh entries in this process only (what a bus message does). */
  invalidateLocal(selector: InvalidationSelector): number {
    const dropped = this.dropLocal(selector);
    for (const listener of this.invalidationListeners) listener(selector);
    return dropped;
  }

  private dropLocal(selector: InvalidationSelector): number {
    const generation = ++this.generation;
    if (selector.all) this.invalidatedAll = generation;
    else if (selector.userId !== undefined && selector.section !== undefined) this.invalidatedKeys.set(sectionKey(selector.userId, selector.section), generation);
    else if (selector.userId !== undefined) this.invalidatedUsers.set(selector.userId, generation);
    else if (selector.section !== undefined) this.invalidatedSections.set(selector.section, generation);
    this.boundInvalidationMaps(generation);
    const now = this.now();
    let dropped = 0;
    for (const [key, held] of this.held.entries()) {
      if (held.freshUntil > now && (selector.all || selectorMatches(selector, key))) {
        held.freshUntil = 0;
        dropped++;
      }
    }
    return dropped;
  }

  /** Hits and misses so far: what metrics copy at each scrape (cheap, unlike `stats`). */
  lookups(): { hits: number; misses: number } {
    return { hits: this.hits, misses: this.misses };
  }

  /** Counters in the contract's `CacheStats.l1` shape; counts the entries, so it walks L1 (an admin's read, not a poll's). */
  stats(): SectionCacheStats {
    const total = this.hits + this.misses;
    const now = this.now();
    let keys = 0;
    let staleKeys = 0;
    for (const held of this.held.values()) {
      if (held.freshUntil > now) keys++;
      if (held.goodUntil > now) staleKeys++;
    }
    return { keys, hits: this.hits, misses: this.misses, hitRatio: total === 0 ? 0 : this.hits / total, staleKeys };
  }

  /** Drops every L1 entry (expiry is checked on read; there are no timers to stop). */
  close(): void {
    this.held.clear();
  }

  /**
   * Keeps the per-user/per-key invalidation records bounded: past a limit
   * they are cleared and every load already running counts as overtaken
   * (it simply is not cached), which is always safe.
   */
  private boundInvalidationMaps(generation: number): void {
    if (this.invalidatedUsers.size + this.invalidatedKeys.size + this.invalidatedSections.size <= maxInvalidationRecords) return;
    this.floor = generation;
    this.invalidatedUsers.clear();
    this.invalidatedKeys.clear();
    this.invalidatedSections.clear();
  }

  /** Keeps `entry` fresh for its section's TTL and as the last good copy for the stale TTL, making room first when L1 holds `maxKeys` entries. */
  private store(key: string, entry: CachedSection, section: SectionName): void {
    if (this.held.size >= this.options.maxKeys && !this.held.has(key)) this.held.pop();
    const now = this.now();
    const freshUntil = now + this.options.ttls[section] * 1000;
    this.held.set(key, { section: entry, freshUntil, goodUntil: Math.max(freshUntil, now + this.options.staleTtlSeconds * 1000) });
  }

  /** The entry for `key` if it is fresh at `now`. */
  private freshAt(key: string, now: number): CachedSection | undefined {
    const held = this.held.get(key);
    return held !== undefined && now < held.freshUntil ? held.section : undefined;
  }

  private async readL2(key: string): Promise<CachedSection | undefined> {
    if (!this.options.l2) return undefined;
    try {
      const text = await this.options.l2.get(key);
      return text === undefined ? undefined : decode(text);
    } catch (err) {
      this.options.logger?.warn({ err, key }, "L2 cache read failed; treating as a miss");
      return undefined;
    }
  }

  /** True when nothing covering `key` was invalidated after `startedAt` (a value from `startLoad`). */
  unchangedSince(key: string, startedAt: number): boolean {
    if (this.invalidatedAll > startedAt || this.floor > startedAt) return false;
    const parsed = parseSectionKey(key);
    if (!parsed) return true;
    return (
      (this.invalidatedUsers.get(parsed.userId) ?? 0) <= startedAt &&
      (this.invalidatedSections.get(parsed.section) ?? 0) <= startedAt &&
      (this.invalidatedKeys.get(parsed.baseKey) ?? 0) <= startedAt
    );
  }
}
