import { sectionNames } from "../vocabulary/section-names.js";
import { sectionVariants } from "../vocabulary/section-variants.js";
import { cacheKeyVersion, isSharedSection, sectionKey, type InvalidationSelector } from "./cache-keys.js";
import type { L2Store } from "./ports.js";
import type { RedisConnection } from "./redis-connection.js";
import { PendingInvalidations } from "./redis-pending-invalidations.js";

/** Keys per SCAN round trip when a selector needs a pattern. */
const SCAN_COUNT = 500;

/** L2 hit/miss counts and connection state, as `GET /api/v1/cache` reports them. */
export interface L2Stats {
  connected: boolean;
  hits: number;
  misses: number;
}

/**
 * The shared L2 cache in Redis. While Redis is away, reads are misses and
 * writes are skipped without a round trip or an error (so an outage does not
 * log once per request); a command that fails while connected still rejects. A deletion that could not
 * reach Redis is remembered and replayed when the connection is back, so an
 * entry invalidated during an outage cannot resurface from L2 afterwards.
 */
export class RedisL2Store implements L2Store {
  private hits = 0;
  private misses = 0;
  private readonly pending = new PendingInvalidations();

  constructor(private readonly connection: RedisConnection) {
    connection.on("reconnected", () => void this.pending.replay((selector) => this.delNow(selector)));
  }

  /** The serialized entry, or undefined when absent. */
  async get(key: string): Promise<string | undefined> {
    if (!this.connection.isReady) {
      this.misses += 1;
      return undefined;
    }
    const value = await this.connection.command.get(this.prefixed(key));
    if (value === null) this.misses += 1;
    else this.hits += 1;
    return value ?? undefined;
  }

  /** Stores `value` for `ttlSeconds`. */
  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    if (!this.connection.isReady) return;
    await this.connection.command.set(this.prefixed(key), value, "EX", Math.max(1, Math.round(ttlSeconds)));
  }

  /** Drops the selected entries; returns how many existed. Remembered for replay when Redis is unreachable. */
  async del(selector: InvalidationSelector): Promise<number> {
    try {
      return await this.delNow(selector);
    } catch (error) {
      this.pending.add(selector);
      throw error;
    }
  }

  /** Counts and connection state for the cache statistics endpoint. */
  stats(): L2Stats {
    return { connected: this.connection.isReady, hits: this.hits, misses: this.misses };
  }

  /** Deletions waiting for Redis to come back (for tests and diagnostics). */
  get pendingDeletes(): number {
    return this.pending.size;
  }

  private async delNow(selector: InvalidationSelector): Promise<number> {
    const { userId, section } = selector;
    if (!selector.all && userId !== undefined) {
      // Per-user keys are enumerable: no SCAN on the hot write path.
      const sections = section !== undefined ? [section] : sectionNames.filter((s) => !isSharedSection(s));
      const keys = sections.flatMap((s) => [undefined, ...(sectionVariants[s] ?? [])].map((variant) => this.prefixed(sectionKey(userId, s, variant))));
      return keys.length === 0 ? 0 : this.connection.command.unlink(...keys);
    }
    if (selector.all) return this.unlinkMatching(this.prefixed("section:*"));
    const pattern = `section:${cacheKeyVersion}:*:${section}`;
    return (await this.unlinkMatching(this.prefixed(pattern))) + (await this.unlinkMatching(this.prefixed(`${pattern}~*`)));
  }

  private async unlinkMatching(pattern: string): Promise<number> {
    let cursor = "0";
    let removed = 0;
    do {
      const [next, keys] = await this.connection.command.scan(cursor, "MATCH", pattern, "COUNT", SCAN_COUNT);
      cursor = next;
      if (keys.length > 0) removed += await this.connection.command.unlink(...keys);
    } while (cursor !== "0");
    return removed;
  }

  private prefixed(key: string): string {
    return `${this.connection.keyPrefix}${key}`;
  }
}
