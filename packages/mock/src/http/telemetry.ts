// What the operator endpoints report: per-route counts and latencies, and a
// model of the reference server's cache so hit/miss numbers move realistically.
import type { SectionName, SectionStatus } from "../schema.js";

interface RouteSample {
  method: string;
  route: string;
  count: number;
  errors: number;
  durationsMs: number[];
}

/** Keep this many recent durations per route for percentiles. */
const maxSamples = 500;

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

/** Per-route request counters. */
export class RouteTelemetry {
  private readonly routes = new Map<string, RouteSample>();
  private readonly sections = new Map<SectionName, { count: number; failures: number; timeouts: number }>();
  /** Responses with status 500 or above. */
  errors = 0;
  /** Responses with status 429. */
  rateLimited = 0;

  /** Records one answered request. */
  record(method: string, route: string, status: number, durationMs: number): void {
    const key = `${method} ${route}`;
    let sample = this.routes.get(key);
    if (!sample) {
      sample = { method, route, count: 0, errors: 0, durationsMs: [] };
      this.routes.set(key, sample);
    }
    sample.count += 1;
    if (status >= 500) {
      sample.errors += 1;
      this.errors += 1;
    }
    if (status === 429) this.rateLimited += 1;
    sample.durationsMs.push(durationMs);
    if (sample.durationsMs.length > maxSamples) sample.durationsMs.shift();
  }

  /** Count, errors and p50/p95/p99 per route. */
  snapshot() {
    return [...this.routes.values()].map((sample) => {
      const sorted = [...sample.durationsMs].sort((a, b) => a - b);
      const round = (value: number) => Math.round(value * 100) / 100;
      return {
        method: sample.method,
        route: sample.route,
        count: sample.count,
        errors: sample.errors,
        p50Ms: round(percentile(sorted, 0.5)),
        p95Ms: round(percentile(sorted, 0.95)),
        p99Ms: round(percentile(sorted, 0.99)),
      };
    });
  }

  /** Records one section served (by the page or its own endpoint) and how. */
  recordSection(section: SectionName, status: SectionStatus): void {
    const sample = this.sections.get(section) ?? { count: 0, failures: 0, timeouts: 0 };
    sample.count += 1;
    if (status === "unavailable") sample.failures += 1;
    if (status === "stale") sample.timeouts += 1;
    this.sections.set(section, sample);
  }

  /** Counts per section served. */
  sectionCounts(section: SectionName): { count: number; failures: number; timeouts: number } {
    return { ...(this.sections.get(section) ?? { count: 0, failures: 0, timeouts: 0 }) };
  }

  /** Forgets everything. */
  clear(): void {
    this.routes.clear();
    this.sections.clear();
    this.errors = 0;
    this.rateLimited = 0;
  }
}

/** Which sections the reference server would have cached: a read is a hit when its key is present. */
export class CacheModel {
  private readonly keys = new Set<string>();

  /** @param onInvalidate runs after every invalidation (the page streams listen, as on the reference server). */
  constructor(private readonly onInvalidate?: () => void) {}
  hits = 0;
  misses = 0;

  private static key(userId: string | null, section: SectionName): string {
    return section === "system" ? "system" : `${userId}:${section}`;
  }

  /** Looks one section up (caching it on a miss); `fresh` bypasses the cache. Returns whether it was a hit. */
  read(userId: string, section: SectionName, fresh = false): boolean {
    const key = CacheModel.key(userId, section);
    const hit = !fresh && this.keys.has(key);
    if (hit) this.hits += 1;
    else this.misses += 1;
    this.keys.add(key);
    return hit;
  }

  /** Caches sections without counting a read (cache warming). */
  warm(userId: string, sections: readonly SectionName[]): void {
    for (const section of sections) this.keys.add(CacheModel.key(userId, section));
  }

  /** Drops entries: all of them, one user's, one section's for every user, or one entry. Returns how many. */
  invalidate(selector: { all?: boolean; userId?: string; section?: SectionName }): number {
    let dropped = 0;
    for (const key of [...this.keys]) {
      // The shared system entry belongs to no user: a user selector drops it only when it also names `system`.
      const [owner, section] = key === "system" ? [null, "system"] : key.split(":");
      const matches =
        selector.all === true ||
        ((selector.userId === undefined || selector.userId === owner || (section === "system" && selector.section === "system")) &&
          (selector.section === undefined || selector.section === section));
      if (matches) {
        this.keys.delete(key);
        dropped += 1;
      }
    }
    this.onInvalidate?.();
    return dropped;
  }

  /** The number of cached entries. */
  get size(): number {
    return this.keys.size;
  }

  /** Forgets everything. */
  clear(): void {
    this.keys.clear();
    this.hits = 0;
    this.misses = 0;
  }
}
