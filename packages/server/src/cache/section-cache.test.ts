import { describe, expect, it } from "vitest";
import { sectionKey, selectorMatches } from "./cache-keys.js";
import { combineEtags, ifNoneMatchMatches, weakEtag } from "./etag.js";
import type { InvalidationBus, L2Store } from "./ports.js";
import { SectionCache, type CachedSection } from "./section-cache.js";

const ttls = { statistics: 60, actions: 60, activity: 60, personalization: 60, system: 60 };
const entry = (data: string): CachedSection => ({ data, etag: weakEtag(data), asOf: "2026-11-25T10:00:00.000Z" });
const newCache = (extra: Partial<ConstructorParameters<typeof SectionCache>[0]> = {}) => new SectionCache({ ttls, staleTtlSeconds: 600, maxKeys: 1000, maxBytes: 2 ** 20, ...extra });

describe("cache keys", () => {
  it("when keys are made, then per-user sections carry the user and system is shared", () => {
    expect(sectionKey("demo", "actions")).toBe("section:v1:demo:actions");
    expect(sectionKey("demo", "system")).toBe("section:v1:*:system");
    expect(sectionKey("alice", "system")).toBe(sectionKey("demo", "system"));
  });

  it.each([
    [{ all: true }, "section:v1:demo:actions", true],
    [{ userId: "demo" }, "section:v1:demo:actions", true],
    [{ userId: "demo" }, "section:v1:alice:actions", false],
    [{ userId: "demo" }, "section:v1:*:system", false],
    [{ section: "actions" as const }, "section:v1:alice:actions", true],
    [{ section: "system" as const }, "section:v1:*:system", true],
    [{ userId: "demo", section: "actions" as const }, "section:v1:demo:statistics", false],
    [{}, "section:v1:demo:actions", false],
  ])("when selector %o meets %s, then it matches: %s", (selector, key, expected) => {
    expect(selectorMatches(selector, key)).toBe(expected);
  });
});

describe("ETags", () => {
  it("when data is equal, then tags are equal and weak; when it differs, then they differ", () => {
    expect(weakEtag('{"a":1}')).toBe(weakEtag('{"a":1}'));
    expect(weakEtag('{"a":1}')).not.toBe(weakEtag('{"a":2}'));
    expect(weakEtag("x")).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
    expect(combineEtags(["a", "b"])).not.toBe(combineEtags(["b", "a"]));
  });

  it.each([
    [undefined, false],
    ["*", true],
    ['W/"abc"', true],
    ['"abc"', true],
    ['"zzz", W/"abc"', true],
    ['W/"abd"', false],
  ])("when If-None-Match is %s, then it matches W/\"abc\": %s", (header, expected) => {
    expect(ifNoneMatchMatches(header, 'W/"abc"')).toBe(expected);
  });
});

describe("SectionCache", () => {
  it("when subscribing to the invalidation bus fails, then the failure is logged, not left as an unhandled rejection", async () => {
    const warnings: string[] = [];
    const logger = { warn: (_details: unknown, message: string) => void warnings.push(message) } as unknown as NonNullable<Parameters<typeof newCache>[0]>["logger"];
    const bus: InvalidationBus = { publish: async () => undefined, subscribe: () => Promise.reject(new Error("Connection is closed.")) };
    const cache = newCache({ bus, logger });
    await new Promise((resolve) => setImmediate(resolve));
    expect(warnings).toEqual(["cache invalidation subscription failed; resumed when Redis is back"]);
    cache.close();
  });

  it("when an entry is set and read, then it is a hit; unknown keys are misses", async () => {
    const cache = newCache();
    const key = sectionKey("demo", "actions");
    await cache.set(key, "actions", entry("1"), cache.startLoad());
    expect(await cache.get(key, "actions")).toEqual(entry("1"));
    expect(await cache.get(sectionKey("x", "actions"), "actions")).toBeUndefined();
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, keys: 1, staleKeys: 1, hitRatio: 0.5 });
    cache.close();
  });

  it("when a user is invalidated, then their fresh entries go, the last good copies stay, and others are untouched", async () => {
    const cache = newCache();
    for (const [user, section] of [["demo", "actions"], ["demo", "statistics"], ["alice", "actions"], ["*", "system"]] as const) {
      await cache.set(sectionKey(user, section), section, entry(`${user}${section}`), cache.startLoad());
    }
    expect(await cache.invalidate({ userId: "demo" })).toBe(2);
    expect(cache.peek(sectionKey("demo", "actions"))).toBeUndefined();
    expect(cache.getLastGood(sectionKey("demo", "actions"))).toEqual(entry("demoactions"));
    expect(cache.peek(sectionKey("alice", "actions"))).toBeDefined();
    expect(cache.peek(sectionKey("demo", "system"))).toBeDefined();
    cache.close();
  });

  it("when a load started before an invalidation finishes after it, then its result is not cached (no pre-write data comes back)", async () => {
    const cache = newCache();
    const key = sectionKey("demo", "actions");
    const startedAt = cache.startLoad();
    await cache.invalidate({ userId: "demo", section: "actions" });
    expect(await cache.set(key, "actions", entry("old"), startedAt)).toBe(false);
    expect(cache.peek(key)).toBeUndefined();
    expect(await cache.set(key, "actions", entry("new"), cache.startLoad())).toBe(true);
    cache.close();
  });

  it("when an invalidation covers a different user, then an in-flight load still caches", async () => {
    const cache = newCache();
    const startedAt = cache.startLoad();
    await cache.invalidate({ userId: "alice" });
    expect(await cache.set(sectionKey("demo", "actions"), "actions", entry("x"), startedAt)).toBe(true);
    cache.close();
  });

  it("when more invalidations pile up than are remembered, then loads already running are not cached and new ones are", async () => {
    const cache = newCache();
    const key = sectionKey("demo", "actions");
    const before = cache.startLoad();
    for (let i = 0; i < 10_001; i++) cache.invalidateLocal({ userId: `user-${i}` });
    expect(await cache.set(key, "actions", entry("old"), before)).toBe(false);
    expect(await cache.set(key, "actions", entry("new"), cache.startLoad())).toBe(true);
    cache.close();
  });

  it("when an L2 store and a bus are plugged in, then misses read L2, sets write it, and invalidations go to both", async () => {
    const store = new Map<string, string>();
    const deleted: unknown[] = [];
    const published: unknown[] = [];
    let handler: ((s: { userId?: string }) => void) | undefined;
    const l2: L2Store = {
      get: async (key) => store.get(key),
      set: async (key, value) => void store.set(key, value),
      del: async (selector) => (deleted.push(selector), 0),
    };
    const bus: InvalidationBus = { publish: async (selector) => void published.push(selector), subscribe: (h) => void (handler = h) };
    const a = newCache({ l2, bus });
    const key = sectionKey("demo", "actions");
    await a.set(key, "actions", entry("shared"), a.startLoad());
    const b = newCache({ l2 });
    expect(await b.get(key, "actions")).toEqual(entry("shared"));
    await a.invalidate({ userId: "demo" });
    expect(deleted).toEqual([{ userId: "demo" }]);
    expect(published).toEqual([{ userId: "demo" }]);
    // A message from another instance drops the local entry.
    await a.set(key, "actions", entry("again"), a.startLoad());
    handler?.({ userId: "demo" });
    expect(a.peek(key)).toBeUndefined();
    a.close();
    b.close();
  });

  it("when L2 fails, then reads are misses and writes still land in L1", async () => {
    const failing: L2Store = { get: () => Promise.reject(new Error("down")), set: () => Promise.reject(new Error("down")), del: () => Promise.reject(new Error("down")) };
    const cache = newCache({ l2: failing });
    const key = sectionKey("demo", "actions");
    expect(await cache.get(key, "actions")).toBeUndefined();
    expect(await cache.set(key, "actions", entry("x"), cache.startLoad())).toBe(true);
    expect(await cache.invalidate({ all: true })).toBe(1);
    cache.close();
  });

  it("when a section's TTL passes, then it is no longer fresh but stays the last good copy until the stale TTL passes too", async () => {
    let now = 1_000;
    const cache = newCache({ now: () => now });
    const key = sectionKey("demo", "actions");
    await cache.set(key, "actions", entry("1"), cache.startLoad());
    now += 59_999;
    expect(cache.peek(key)).toEqual(entry("1"));
    now += 1;
    expect(cache.peek(key)).toBeUndefined();
    expect(await cache.get(key, "actions")).toBeUndefined();
    expect(cache.getLastGood(key)).toEqual(entry("1"));
    expect(cache.stats()).toMatchObject({ keys: 0, staleKeys: 1 });
    now = 1_000 + 600_000;
    expect(cache.getLastGood(key)).toBeUndefined();
    expect(cache.stats()).toMatchObject({ keys: 0, staleKeys: 0 });
    cache.close();
  });

  it("when the stale TTL is shorter than a section's TTL, then the last good copy lasts as long as the fresh entry", async () => {
    let now = 0;
    const cache = newCache({ now: () => now, staleTtlSeconds: 10 });
    const key = sectionKey("demo", "statistics");
    await cache.set(key, "statistics", entry("s"), cache.startLoad());
    now = 59_000;
    expect(cache.peek(key)).toEqual(entry("s"));
    expect(cache.getLastGood(key)).toEqual(entry("s"));
    cache.close();
  });

  it("when everything is invalidated, then only fresh entries count as dropped and every last good copy stays", async () => {
    let now = 0;
    const cache = newCache({ now: () => now });
    await cache.set(sectionKey("a", "actions"), "actions", entry("a"), cache.startLoad());
    now = 61_000;
    await cache.set(sectionKey("b", "actions"), "actions", entry("b"), cache.startLoad());
    expect(await cache.invalidate({ all: true })).toBe(1);
    expect(cache.peek(sectionKey("b", "actions"))).toBeUndefined();
    expect(cache.getLastGood(sectionKey("a", "actions"))).toEqual(entry("a"));
    expect(cache.getLastGood(sectionKey("b", "actions"))).toEqual(entry("b"));
    expect(cache.stats()).toMatchObject({ keys: 0, staleKeys: 2 });
    expect(cache.lookups()).toEqual({ hits: 0, misses: 0 });
    cache.close();
  });

  it("when L1 is full by entries, then the least recently read entry goes and the new one is kept", async () => {
    const cache = newCache({ maxKeys: 2 });
    for (const user of ["a", "b"]) await cache.set(sectionKey(user, "actions"), "actions", entry(user), cache.startLoad());
    cache.peek(sectionKey("a", "actions"));
    await expect(cache.set(sectionKey("c", "actions"), "actions", entry("c"), cache.startLoad())).resolves.toBe(true);
    expect(cache.peek(sectionKey("c", "actions"))?.data).toBe(entry("c").data);
    expect(cache.peek(sectionKey("a", "actions"))).toBeDefined();
    expect(cache.peek(sectionKey("b", "actions"))).toBeUndefined();
    cache.close();
  });

  it("when entries add up past the byte bound, then the store keeps within it by dropping the coldest", async () => {
    const big = (user: string) => ({ ...entry(user), data: JSON.stringify({ user, text: "x".repeat(10_000) }) });
    const cache = newCache({ maxBytes: 35_000 });
    for (const user of ["a", "b", "c", "d", "e"]) await cache.set(sectionKey(user, "actions"), "actions", big(user), cache.startLoad());
    const kept = ["a", "b", "c", "d", "e"].filter((user) => cache.peek(sectionKey(user, "actions")) !== undefined);
    expect(kept).toEqual(["c", "d", "e"]);
    expect(cache.stats().keys).toBe(3);
    cache.close();
  });
});
