import type { InvalidationSelector } from "./cache-keys.js";

/**
 * A second-level store shared by every instance (Redis in production). It
 * holds serialized entries; the L1 in front of it is per process. All
 * methods may reject: the cache treats a failing L2 as a miss and carries on.
 */
export interface L2Store {
  /** The serialized entry, or undefined when absent. */
  get(key: string): Promise<string | undefined>;
  /** Stores `value` for `ttlSeconds`. */
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  /** Drops the entries selected, returns how many it dropped when it can tell. */
  del(selector: InvalidationSelector): Promise<number>;
}

/**
 * Tells every other instance to drop the same keys (Redis pub/sub in
 * production). An instance ignores its own messages; it has already
 * dropped the keys before publishing.
 */
export interface InvalidationBus {
  /** Announces an invalidation to the other instances. */
  publish(selector: InvalidationSelector): Promise<void>;
  /** Registers the handler for invalidations published by other instances. */
  subscribe(handler: (selector: InvalidationSelector) => void): void | Promise<void>;
}

/**
 * Tells every other instance that feature flags changed, so each reloads
 * them (Redis pub/sub in production, on the connection the invalidation
 * bus uses). Without it only the instance that made the change reloads,
 * which is all a single instance needs.
 */
export interface FlagChangeBus {
  /** Announces that flags changed. */
  publish(): Promise<void>;
  /**
   * Registers the handler called when another instance changed flags, or
   * when messages may have been missed (after a lost subscription).
   */
  subscribe(handler: () => void): void | Promise<void>;
}
