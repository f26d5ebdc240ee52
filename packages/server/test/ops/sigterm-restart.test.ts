import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestBalancer, type BalancedReply } from "../support/balancer.js";
import { startChildServer, type ChildServer } from "../support/child-server.js";
import { createSharedDatabase, type SharedDatabase } from "../support/database.js";
import { testSecret, authHeader } from "../support/harness.js";
import { TEST_REDIS_URL, dropKeys, uniquePrefix } from "../support/redis.js";

/**
 * Two real server processes behind a balancer that follows readiness; one is
 * restarted with SIGTERM in the middle of a bounded load. Shares PostgreSQL
 * (or one PGlite) and, when TEST_REDIS_URL is set, Redis.
 */
describe("rolling restart with SIGTERM", () => {
  const prefix = uniquePrefix("restart");
  const children: ChildServer[] = [];
  let database: SharedDatabase;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createSharedDatabase("restart");
    env = {
      HOST: "127.0.0.1",
      PORT: "0",
      DATABASE_URL: database.url,
      DATABASE_POOL_MAX: "2",
      JWT_SECRET: testSecret,
      LOG_LEVEL: "warn",
      RATE_LIMIT_READ: "1000000",
      // Readiness fails this long before the listener closes: well above the balancer's poll period
      // (50 ms) plus a readiness answer on a busy machine, as a preStop delay is in production.
      SHUTDOWN_DELAY_MS: "1500",
      SECTION_TIMEOUT_MS: "2000",
      SHUTDOWN_DRAIN_TIMEOUT_MS: "5000",
      ...(TEST_REDIS_URL ? { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix } : {}),
    };
  });
  afterAll(async () => {
    await Promise.all(children.map((child) => child.terminate()));
    if (TEST_REDIS_URL) await dropKeys(TEST_REDIS_URL, prefix);
    await database?.drop();
  });

  it("when one of two instances is restarted with SIGTERM under load, then no request is lost and it exits 0", async () => {
    // The first start migrates and seeds; the second finds the data there.
    const a = await startChildServer(env);
    children.push(a);
    const b = await startChildServer(env);
    children.push(b);
    const balancer = new TestBalancer(50);
    balancer.add(a.url);
    balancer.add(b.url);

    const replies: BalancedReply[] = [];
    const lost: unknown[] = [];
    let running = true;
    const headers = authHeader("demo", "user");
    const worker = async () => {
      while (running) {
        try {
          replies.push(await balancer.get("/api/v1/intro-page/demo", headers));
        } catch (error) {
          lost.push(error);
        }
      }
    };
    const load = Promise.all(Array.from({ length: 6 }, worker));

    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const started = performance.now();
    const [exitCode, replacement] = await Promise.all([a.terminate(), startChildServer(env)]);
    children.push(replacement);
    const restartMs = performance.now() - started;
    balancer.remove(a.url);
    balancer.add(replacement.url);
    const servedBefore = replies.filter((r) => r.upstream === replacement.url).length;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    running = false;
    await load;
    balancer.close();

    const byUpstream = (url: string) => replies.filter((r) => r.upstream === url).length;
    const statuses = [...new Set(replies.map((r) => r.status))];
    console.log(
      `[ops] rolling restart: ${replies.length} requests, ${lost.length} lost, ${replies.filter((r) => r.retries > 0).length} retried after a refused connect; ` +
        `a=${byUpstream(a.url)} b=${byUpstream(b.url)} a'=${byUpstream(replacement.url)}; restart took ${restartMs.toFixed(0)} ms`,
    );
    expect(exitCode, a.output()).toBe(0);
    expect(lost.map((e) => `${(e as { code?: string }).code ?? ""} ${(e as Error).message}`)).toEqual([]);
    expect(statuses).toEqual([200]);
    expect(byUpstream(a.url)).toBeGreaterThan(0);
    expect(byUpstream(replacement.url)).toBeGreaterThan(servedBefore);
  }, 180_000);
});
