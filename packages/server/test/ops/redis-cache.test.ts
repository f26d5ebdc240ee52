import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import type { InvalidationSelector } from "../../src/cache/cache-keys.js";
import { sectionKey } from "../../src/cache/cache-keys.js";
import { RedisConnection } from "../../src/cache/redis-connection.js";
import { RedisInvalidationBus } from "../../src/cache/redis-invalidation-bus.js";
import { RedisL2Store } from "../../src/cache/redis-l2-store.js";
import { runProbe } from "../../src/ops/health/run-probe.js";
import { TEST_REDIS_URL, dropKeys, eventually, uniquePrefix } from "../support/redis.js";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";

describe.skipIf(!TEST_REDIS_URL)("Redis L2 store and invalidation bus (real Redis)", () => {
  const url = TEST_REDIS_URL!;
  const prefix = uniquePrefix("cache");
  const opened: RedisConnection[] = [];
  let proxy: TcpProxy;

  /** A connection as one server instance would hold it, optionally through the cuttable proxy. */
  async function instance(throughProxy = false): Promise<RedisConnection> {
    const target = new URL(url);
    if (throughProxy) target.host = `127.0.0.1:${proxy.port}`;
    const connection = new RedisConnection({ url: target.toString(), keyPrefix: prefix, commandTimeoutMs: 500, maxReconnectDelayMs: 100, connectionName: prefix.replaceAll(":", "-") });
    opened.push(connection);
    expect(await connection.connect(3_000)).toBe(true);
    return connection;
  }

  beforeAll(async () => {
    const target = new URL(url);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 6379));
  });
  afterEach(async () => {
    proxy.restore();
    await Promise.all(opened.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await proxy.close();
    await dropKeys(url, prefix);
  });

  it("when entries are stored, then they are read back and hits and misses are counted", async () => {
    const store = new RedisL2Store(await instance());
    await store.set(sectionKey("ann", "actions"), "payload", 30);
    expect(await store.get(sectionKey("ann", "actions"))).toBe("payload");
    expect(await store.get(sectionKey("bob", "actions"))).toBeUndefined();
    expect(store.stats()).toEqual({ connected: true, hits: 1, misses: 1 });
  });

  it("when invalidating by user, by section, one entry and all, then exactly the selected entries go", async () => {
    const store = new RedisL2Store(await instance());
    const seed = async () => {
      for (const user of ["ann", "bob"]) for (const section of ["actions", "activity"] as const) await store.set(sectionKey(user, section), "x", 30);
      await store.set(sectionKey("ann", "system"), "shared", 30);
    };
    const present = async () => {
      const keys = [sectionKey("ann", "actions"), sectionKey("ann", "activity"), sectionKey("bob", "actions"), sectionKey("bob", "activity"), sectionKey("x", "system")];
      const values = await Promise.all(keys.map((k) => store.get(k)));
      return keys.filter((_, i) => values[i] !== undefined).map((k) => k.split(":").slice(2).join(":"));
    };
    const cases: Array<[InvalidationSelector, string[]]> = [
      [{ userId: "ann" }, ["bob:actions", "bob:activity", "*:system"]],
      [{ section: "actions" }, ["ann:activity", "bob:activity", "*:system"]],
      [{ userId: "bob", section: "activity" }, ["ann:actions", "ann:activity", "bob:actions", "*:system"]],
      [{ all: true }, []],
    ];
    for (const [selector, remaining] of cases) {
      await seed();
      await store.del(selector);
      expect(await present(), JSON.stringify(selector)).toEqual(remaining);
    }
  });

  it("when one instance publishes an invalidation, then the other receives it within 100 ms and the sender ignores its own", async () => {
    const a = new RedisInvalidationBus(await instance());
    const b = new RedisInvalidationBus(await instance());
    const seenByA: InvalidationSelector[] = [];
    const seenByB: Array<{ selector: InvalidationSelector; at: number }> = [];
    await a.subscribe((selector) => seenByA.push(selector));
    await b.subscribe((selector) => seenByB.push({ selector, at: performance.now() }));
    const delays: number[] = [];
    // Five rounds, judged by the median: one scheduling hiccup on a busy test machine is not the bus's latency.
    for (let round = 1; round <= 5; round++) {
      const sentAt = performance.now();
      await a.publish({ userId: "ann", section: "actions" });
      expect(await eventually(() => seenByB.length === round, 2_000)).toBe(true);
      delays.push(seenByB[round - 1]!.at - sentAt);
    }
    expect(seenByB[0]!.selector).toEqual({ userId: "ann", section: "actions" });
    const median = [...delays].sort((x, y) => x - y)[2]!;
    console.log(`[ops] pub/sub invalidation delivered in ${delays.map((d) => d.toFixed(2)).join(", ")} ms (median ${median.toFixed(2)})`);
    expect(median).toBeLessThan(100);
    expect(seenByA).toEqual([]);
  });

  it("when a malformed message arrives on the channel, then it is ignored", async () => {
    const connection = await instance();
    const bus = new RedisInvalidationBus(connection);
    const seen: InvalidationSelector[] = [];
    await bus.subscribe((selector) => seen.push(selector));
    const raw = new Redis(url);
    await raw.publish(`${prefix}invalidate`, "{not json");
    await raw.publish(`${prefix}invalidate`, JSON.stringify({ origin: "x", selector: { userId: 42 } }));
    await raw.publish(`${prefix}invalidate`, JSON.stringify({ origin: "x", selector: { section: "actions" } }));
    await raw.quit();
    expect(await eventually(() => seen.length === 1, 1_000)).toBe(true);
    expect(seen).toEqual([{ section: "actions" }]);
  });

  it("when the server kills the connections (CLIENT KILL), then they come back by themselves and the subscriber drops its L1", async () => {
    const connection = await instance();
    const bus = new RedisInvalidationBus(connection);
    const seen: InvalidationSelector[] = [];
    await bus.subscribe((selector) => seen.push(selector));
    const admin = new Redis(url);
    await admin.client("KILL", "ID", String(await connection.command.client("ID")));
    // A subscriber cannot send CLIENT ID; find ours in CLIENT LIST instead.
    const subscriberList = (await admin.client("LIST")) as string;
    for (const line of subscriberList.split("\n").filter((l) => l.includes(`name=${prefix.replaceAll(":", "-")}-sub`))) {
      const id = /id=(\d+)/.exec(line)?.[1];
      if (id) await admin.client("KILL", "ID", id).catch(() => undefined);
    }
    await admin.quit();
    expect(await eventually(() => connection.isReady, 5_000)).toBe(true);
    expect((await runProbe(connection.probe(), 500)).status).toBe("up");
    expect(await eventually(() => seen.some((s) => s.all === true), 5_000)).toBe(true);
  });

  it("when Redis is unreachable at start, then connecting gives up waiting without failing, the connection comes up by itself later and replays what it missed", async () => {
    proxy.cut();
    const target = new URL(url);
    target.host = `127.0.0.1:${proxy.port}`;
    const connection = new RedisConnection({ url: target.toString(), keyPrefix: prefix, commandTimeoutMs: 500, maxReconnectDelayMs: 100 });
    opened.push(connection);
    expect(await connection.connect(300)).toBe(false);
    expect((await runProbe(connection.probe(), 200)).status).toBe("down");
    // An invalidation made before Redis was ever reached is still carried out once it is.
    const store = new RedisL2Store(connection);
    const seeded = new Redis(url);
    await seeded.set(`${prefix}${sectionKey("zoe", "actions")}`, "stale", "EX", 60);
    await expect(store.del({ userId: "zoe", section: "actions" })).rejects.toThrow();
    proxy.restore();
    expect(await eventually(() => connection.isReady, 5_000)).toBe(true);
    expect((await runProbe(connection.probe(), 500)).status).toBe("up");
    expect(await eventually(async () => (await seeded.exists(`${prefix}${sectionKey("zoe", "actions")}`)) === 0, 3_000)).toBe(true);
    await seeded.quit();
  });

  it("when Redis is unreachable, then commands fail fast, readiness reports redis down, and after it is back invalidations missed are replayed", async () => {
    const observer = new RedisInvalidationBus(await instance());
    const seen: InvalidationSelector[] = [];
    await observer.subscribe((selector) => seen.push(selector));
    const connection = await instance(true);
    const store = new RedisL2Store(connection);
    const bus = new RedisInvalidationBus(connection);
    await store.set(sectionKey("ann", "actions"), "before", 60);

    proxy.cut();
    expect(await eventually(() => !connection.isReady, 2_000)).toBe(true);
    // No round trip while disconnected: a read is a miss, a write is skipped, nothing waits for a reconnect.
    expect(await store.get(sectionKey("ann", "actions"))).toBeUndefined();
    await store.set(sectionKey("ann", "activity"), "during outage", 60);
    const probe = await runProbe(connection.probe(), 500);
    expect(probe).toMatchObject({ name: "redis", status: "down" });
    expect(store.stats().connected).toBe(false);
    await expect(store.del({ userId: "ann", section: "actions" })).rejects.toThrow();
    await expect(bus.publish({ userId: "ann", section: "actions" })).rejects.toThrow();
    expect(store.pendingDeletes).toBe(1);
    expect(bus.pendingPublishes).toBe(1);

    proxy.restore();
    expect(await eventually(() => connection.isReady, 5_000)).toBe(true);
    expect(await eventually(async () => store.pendingDeletes === 0 && (await store.get(sectionKey("ann", "actions"))) === undefined, 3_000)).toBe(true);
    expect(await eventually(() => seen.some((s) => s.userId === "ann" && s.section === "actions"), 3_000)).toBe(true);
    expect(bus.pendingPublishes).toBe(0);
  });
});
