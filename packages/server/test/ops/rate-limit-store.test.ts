import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Options } from "express-rate-limit";
import { RedisConnection } from "../../src/cache/redis-connection.js";
import { FailoverRateLimitStore } from "../../src/ops/rate-limit/failover-store.js";
import { TEST_REDIS_URL, dropKeys, eventually, uniquePrefix } from "../support/redis.js";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";

describe.skipIf(!TEST_REDIS_URL)("FailoverRateLimitStore (real Redis)", () => {
  const prefix = uniquePrefix("rl");
  let proxy: TcpProxy;
  let direct: RedisConnection;
  let viaProxy: RedisConnection;

  beforeAll(async () => {
    const target = new URL(TEST_REDIS_URL!);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 6379));
    const proxied = new URL(TEST_REDIS_URL!);
    proxied.host = `127.0.0.1:${proxy.port}`;
    direct = new RedisConnection({ url: TEST_REDIS_URL!, keyPrefix: prefix, commandTimeoutMs: 1_000 });
    viaProxy = new RedisConnection({ url: proxied.toString(), keyPrefix: prefix, commandTimeoutMs: 1_000, maxReconnectDelayMs: 100 });
    expect(await direct.connect(3_000)).toBe(true);
    expect(await viaProxy.connect(3_000)).toBe(true);
  });
  afterAll(async () => {
    proxy.restore();
    await Promise.all([direct.close(), viaProxy.close()]);
    await proxy.close();
    await dropKeys(TEST_REDIS_URL!, prefix);
  });

  it("when two instances count one key, then the count is shared; while Redis is unreachable it is kept locally; once back, shared again", async () => {
    const options = { windowMs: 60_000 } as Options;
    const a = new FailoverRateLimitStore(direct, "read");
    const b = new FailoverRateLimitStore(viaProxy, "read");
    a.init(options);
    b.init(options);

    await a.increment("sub:x");
    await a.increment("sub:x");
    expect((await b.increment("sub:x")).totalHits).toBe(3);

    proxy.cut();
    expect(await eventually(() => !viaProxy.isReady, 2_000)).toBe(true);
    expect((await b.increment("sub:x")).totalHits).toBe(1); // local memory: limits stay on, per instance
    expect((await a.increment("sub:x")).totalHits).toBe(4);

    proxy.restore();
    expect(await eventually(() => viaProxy.isReady, 5_000)).toBe(true);
    expect((await b.increment("sub:x")).totalHits).toBe(5);
    a.shutdown();
    b.shutdown();
  });

  it("when the scripts fail to load at start (Redis slower than the command timeout then), then the next count loads them and the count is shared", async () => {
    const slowAtStart = new RedisConnection({ url: TEST_REDIS_URL!, keyPrefix: prefix, commandTimeoutMs: 1_000 });
    expect(await slowAtStart.connect(3_000)).toBe(true);
    const call = slowAtStart.command.call.bind(slowAtStart.command) as (...args: unknown[]) => Promise<unknown>;
    let failedLoads = 0;
    // The loads at init fail as a command timeout would; everything after goes to Redis.
    (slowAtStart.command as unknown as { call: (...args: unknown[]) => Promise<unknown> }).call = (...args) =>
      args[0] === "SCRIPT" && failedLoads++ < 2 ? Promise.reject(new Error("Command timed out")) : call(...args);
    const fallbacks: unknown[] = [];
    const a = new FailoverRateLimitStore(slowAtStart, "read", (error) => fallbacks.push(error));
    const b = new FailoverRateLimitStore(direct, "read");
    a.init({ windowMs: 60_000 } as Options);
    b.init({ windowMs: 60_000 } as Options);
    try {
      expect(await eventually(() => failedLoads >= 2, 2_000)).toBe(true);
      await b.increment("sub:slow");
      expect((await a.increment("sub:slow")).totalHits).toBe(2);
      expect((await b.increment("sub:slow")).totalHits).toBe(3);
      expect((await a.get("sub:slow"))?.totalHits).toBe(3);
      expect(fallbacks).toEqual([]);
    } finally {
      a.shutdown();
      b.shutdown();
      await slowAtStart.close();
    }
  });

  it("when a read and a write budget count the same subject, then they never share a key", async () => {
    const read = new FailoverRateLimitStore(direct, "read");
    const write = new FailoverRateLimitStore(direct, "write");
    read.init({ windowMs: 60_000 } as Options);
    write.init({ windowMs: 60_000 } as Options);
    await read.increment("sub:y");
    await read.increment("sub:y");
    expect((await write.increment("sub:y")).totalHits).toBe(1);
    read.shutdown();
    write.shutdown();
  });
});
