import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../src/start/start-server.js";
import { createSharedDatabase, type SharedDatabase } from "../support/database.js";
import { openEventStream } from "../support/event-stream.js";
import { authHeader, request, startTestServer } from "../support/harness.js";
import { TEST_REDIS_URL, dropKeys, uniquePrefix } from "../support/redis.js";

/**
 * Live push across instances: two servers sharing PostgreSQL and Redis. A
 * write on A reaches a stream held by B (over the invalidation bus), and a
 * stream started on B resumes on A (page versions in Redis).
 */
describe.skipIf(!TEST_REDIS_URL)("the page stream on two instances sharing Redis", () => {
  const prefix = uniquePrefix("live");
  let database: SharedDatabase;
  let a: RunningServer;
  let b: RunningServer;
  const demo = authHeader("demo", "user");

  beforeAll(async () => {
    database = await createSharedDatabase("live");
    const env = { DATABASE_URL: database.url, DATABASE_POOL_MAX: "2", REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix, REDIS_COMMAND_TIMEOUT_MS: "2000" };
    a = await startTestServer(env);
    b = await startTestServer({ ...env, SEED_DEMO: "false" });
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await dropKeys(TEST_REDIS_URL!, prefix);
    await database?.drop();
  });

  async function completeFirstItemOn(server: RunningServer) {
    const actions = await request(`${server.url}/api/v1/intro-page/demo/actions`, { headers: demo });
    const item = actions.body.data.items[0];
    const done = await request(`${server.url}/api/v1/intro-page/demo/actions/${item.id}/complete`, { method: "POST", headers: demo });
    expect(done.status).toBe(200);
  }

  it("when a user's item is completed on instance A, then their stream on instance B gets the change with the ETags both instances now send", async () => {
    const onB = await openEventStream(`${b.url}/api/v1/intro-page/demo/stream`, demo);
    await onB.nextEvent("sync");
    await completeFirstItemOn(a);
    const change = await onB.nextEvent("change");
    expect(Object.keys(change.data.sections).sort()).toEqual(["actions", "personalization", "statistics"]);
    for (const server of [a, b]) {
      const page = await request(`${server.url}/api/v1/intro-page/demo`, { headers: demo });
      expect(page.headers.get("etag")).toBe(change.data.etag);
    }
    onB.close();
  });

  it("when a stream from instance B resumes on instance A with Last-Event-ID, then A names exactly the sections changed since", async () => {
    const onB = await openEventStream(`${b.url}/api/v1/intro-page/demo/stream`, demo);
    const sync = await onB.nextEvent("sync");
    onB.close();
    await request(`${b.url}/api/v1/intro-page/demo/preferences`, {
      method: "PATCH",
      headers: { ...demo, "content-type": "application/merge-patch+json" },
      body: JSON.stringify({ locale: "de-DE" }),
    });
    const onA = await openEventStream(`${a.url}/api/v1/intro-page/demo/stream`, { ...demo, "Last-Event-ID": sync.id! });
    const change = await onA.nextEvent("change");
    // The patch changes personalization; statistics is invalidated too (the user acted) and named only if it really changed.
    expect(Object.keys(change.data.sections)).toContain("personalization");
    expect(["personalization", "statistics"]).toEqual(expect.arrayContaining(Object.keys(change.data.sections)));
    onA.close();
  });
});
