import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../src/start/start-server.js";
import { assertMatchesContract } from "../../../../test/support/contract-validator.js";
import { TEST_DATABASE_URL, createTestDatabase, type TestDatabase } from "../support/database.js";
import { authHeader, request, startTestServer } from "../support/harness.js";
import { TEST_REDIS_URL, dropKeys, eventually, uniquePrefix } from "../support/redis.js";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";

describe.skipIf(!TEST_REDIS_URL)("a server whose Redis is unreachable when it starts", () => {
  const prefix = uniquePrefix("downatstart");
  let proxy: TcpProxy;
  let server: RunningServer;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    database = TEST_DATABASE_URL ? await createTestDatabase("redisdown") : undefined;
    const redis = new URL(TEST_REDIS_URL!);
    proxy = await startTcpProxy(redis.hostname, Number(redis.port || 6379));
    proxy.cut();
    const viaProxy = new URL(TEST_REDIS_URL!);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    server = await startTestServer({ DATABASE_URL: database?.url, REDIS_URL: viaProxy.toString(), REDIS_KEY_PREFIX: prefix });
  });
  afterAll(async () => {
    await server?.close();
    await proxy?.close();
    await dropKeys(TEST_REDIS_URL!, prefix);
    await database?.drop();
  });

  it("when it starts without Redis, then it serves pages, readiness names redis, and once Redis is reachable it is ready by itself", async () => {
    const page = await request(`${server.url}/api/v1/intro-page/demo`, { headers: authHeader("demo", "user") });
    expect(page.status).toBe(200);
    const ready = await request(`${server.url}/api/v1/health/ready`);
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ detail: "Dependency down: redis" });
    assertMatchesContract("GET", "/api/v1/health/ready", ready);

    proxy.restore();
    expect(await eventually(async () => (await request(`${server.url}/api/v1/health/ready`)).status === 200, 10_000)).toBe(true);
    const stats = await request(`${server.url}/api/v1/cache`, { headers: authHeader("ops-admin", "admin") });
    expect((stats.body as { l2: { connected: boolean } }).l2.connected).toBe(true);
  });
});
