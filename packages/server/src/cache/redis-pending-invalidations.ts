import type { InvalidationSelector } from "./cache-keys.js";

/** Invalidations remembered while Redis is unreachable; beyond this, one "drop everything" replaces them. */
const MAX_PENDING = 1_000;

/**
 * Invalidations that could not reach Redis, kept to be replayed once it is
 * back. Bounded: when too many pile up, a single `{ all: true }` stands for
 * them all (dropping more than needed is safe; serving stale data is not).
 */
export class PendingInvalidations {
  private pending: InvalidationSelector[] = [];

  /** How many are waiting. */
  get size(): number {
    return this.pending.length;
  }

  /** Remembers one selector. */
  add(selector: InvalidationSelector): void {
    this.pending.push(selector);
    if (this.pending.length > MAX_PENDING) this.pending = [{ all: true }];
  }

  /** Runs `apply` for each waiting selector; the ones that fail stay for the next replay. */
  async replay(apply: (selector: InvalidationSelector) => Promise<unknown>): Promise<void> {
    const batch = this.pending.some((s) => s.all) ? [{ all: true }] : this.pending;
    this.pending = [];
    for (const selector of batch) {
      try {
        await apply(selector);
      } catch {
        this.add(selector);
      }
    }
  }
}
