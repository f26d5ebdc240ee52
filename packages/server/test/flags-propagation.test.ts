import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../src/start/start-server.js";
import { createSharedDatabase, type SharedDatabase } from "./support/database.js";
import { authHeader, request, startTestServer } from "./support/harness.js";
import { TEST_REDIS_URL, dropKeys, eventually, uniquePrefix } from "./support/redis.js";

/**
 * Two instances sharing one database and one Redis: a flag changed through
 * one reaches the other through the flag-change announcement on Redis
 * pub/sub (the periodic reload is off, so nothing else could carry it).
 */
describe.skipIf(!TEST_REDIS_URL)("feature flags across two instances", () => {
  const prefix = uniquePrefix("flags");
  let database: SharedDatabase;
  let a: RunningServer;
  let b: RunningServer;
  const admin = authHeader("ops-bob", "admin");
  const carol = authHeader("carol", "user");

  beforeAll(async () => {
    database = await createSharedDatabase("flags");
    const env = { DATABASE_URL: database.url, DATABASE_POOL_MAX: "2", REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix, REDIS_COMMAND_TIMEOUT_MS: "2000", FLAG_REFRESH_S: "0" };
    a = await startTestServer(env);
    b = await startTestServer(env);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await dropKeys(TEST_REDIS_URL!, prefix);
    await database?.drop();
  });

  async function setSystemFlag(enabled: boolean): Promise<void> {
    const current = await request(`${a.url}/api/v1/flags/section.system`, { headers: admin });
    const reply = await request(`${a.url}/api/v1/flags/section.system`, {
      method: "PATCH",
      headers: { ...admin, "content-type": "application/merge-patch+json", "if-match": current.headers.get("etag")! },
      body: JSON.stringify({ enabled }),
    });
    expect(reply.status, reply.text).toBe(200);
  }

  const sectionsOnB = async (headers: Record<string, string> = {}) => {
    const reply = await request(`${b.url}/api/v1/intro-page/carol`, { headers: { ...carol, ...headers } });
    return { reply, names: reply.status === 200 ? Object.keys((reply.body as { sections: object }).sections) : [] };
  };

  it("when the kill switch is thrown on one instance, then the other serves pages without the section within 1 s, and a cached ETag is not revalidated", async () => {
    const delays: number[] = [];
    for (let round = 0; round < 3; round++) {
      const warm = await sectionsOnB();
      expect(warm.names).toContain("system");
      const etag = warm.reply.headers.get("etag")!;
      expect((await sectionsOnB({ "if-none-match": etag })).reply.status).toBe(304);

      await setSystemFlag(false);
      const doneOnA = performance.now();
      expect(await eventually(async () => !(await sectionsOnB()).names.includes("system"), 5_000)).toBe(true);
      delays.push(performance.now() - doneOnA);
      // A widget polling with its old ETag gets the page without the section, not a 304.
      const polled = await sectionsOnB({ "if-none-match": etag });
      expect(polled.reply.status).toBe(200);
      expect(polled.names).not.toContain("system");

      await setSystemFlag(true);
      expect(await eventually(async () => (await sectionsOnB()).names.includes("system"), 5_000)).toBe(true);
    }
    const median = [...delays].sort((x, y) => x - y)[1]!;
    console.log(`[flags] kill switch on A seen by B after ${delays.map((d) => d.toFixed(1)).join(", ")} ms (median ${median.toFixed(1)})`);
    expect(median).toBeLessThanOrEqual(1_000);
  });
});
