import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEventStream, type EventStreamReader } from "./support/event-stream.js";
import { as, authHeader, startHarness, tokenFor, type Harness } from "./support/harness.js";

// The page stream (GET /api/v1/intro-page/{userId}/stream) on one instance, over real HTTP.
let h: Harness;
const open: EventStreamReader[] = [];
beforeAll(async () => {
  h = await startHarness({ LIVE_HEARTBEAT_S: "1", LIVE_STREAMS_PER_SUBJECT: "2" });
});
afterAll(async () => {
  for (const reader of open) reader.close();
  await h?.close();
});

async function stream(userId: string, headers: Record<string, string> = authHeader(userId, "user")) {
  const reader = await openEventStream(`${h.url}/api/v1/intro-page/${userId}/stream`, headers);
  open.push(reader);
  return reader;
}

/** The ETag each section's own GET sends now, and the page's. */
async function currentEtags(userId: string) {
  const names = ["personalization", "actions", "statistics", "activity"] as const;
  const sections: Record<string, string> = {};
  for (const name of names) sections[name] = (await h.call("GET", `/api/v1/intro-page/${userId}/${name}`, { as: as.user(userId) })).headers.get("etag")!;
  sections.system = (await h.call("GET", "/api/v1/system/overview", { as: as.user(userId) })).headers.get("etag")!;
  const page = (await h.call("GET", `/api/v1/intro-page/${userId}`, { as: as.user(userId) })).headers.get("etag")!;
  return { sections, page };
}

async function completeFirstItem(userId: string) {
  const actions = await h.call("GET", `/api/v1/intro-page/${userId}/actions`, { as: as.user(userId) });
  const item = actions.body.data.items[0];
  const done = await h.call("POST", `/api/v1/intro-page/${userId}/actions/${item.id}/complete`, { as: as.user(userId) });
  expect(done.status).toBe(200);
}

describe("the page stream", () => {
  it("when a user opens their stream, then it starts with a retry hint and a sync naming every section with the ETags the reads send", async () => {
    const reader = await stream("demo");
    expect(reader.status).toBe(200);
    expect(reader.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(reader.headers.get("cache-control")).toBe("no-cache");
    expect(await reader.next()).toEqual({ kind: "retry", ms: 3000 });
    const sync = await reader.nextEvent("sync");
    const etags = await currentEtags("demo");
    expect(sync.data).toEqual({ userId: "demo", etag: etags.page, sections: etags.sections });
    expect(`W/"${sync.id}"`).toBe(etags.page);
    reader.close();
  });

  it("when an item is completed, then a change event names exactly the sections it changed, with their new ETags", async () => {
    const reader = await stream("demo");
    await reader.nextEvent("sync");
    await completeFirstItem("demo");
    const change = await reader.nextEvent("change");
    const etags = await currentEtags("demo");
    expect(Object.keys(change.data.sections).sort()).toEqual(["actions", "personalization", "statistics"]);
    for (const [name, etag] of Object.entries(change.data.sections)) expect(etag).toBe(etags.sections[name]);
    expect(change.data.etag).toBe(etags.page);
    expect(`W/"${change.id}"`).toBe(etags.page);
    reader.close();
  });

  it("when a stream resumes with Last-Event-ID after changes it missed, then its first event names what changed since, and nothing when nothing did", async () => {
    const first = await stream("demo");
    const sync = await first.nextEvent("sync");
    first.close();
    await completeFirstItem("demo");

    const resumed = await stream("demo", { ...authHeader("demo", "user"), "Last-Event-ID": sync.id! });
    const change = await resumed.nextEvent("change");
    expect(Object.keys(change.data.sections).sort()).toEqual(["actions", "personalization", "statistics"]);
    resumed.close();

    const current = await stream("demo", { ...authHeader("demo", "user"), "Last-Event-ID": change.id! });
    // Up to date: the heartbeat comes, no event does.
    await current.next((item) => item.kind === "comment");
    expect(current.items.filter((item) => item.kind === "event")).toEqual([]);
    current.close();

    const unknown = await stream("demo", { ...authHeader("demo", "user"), "Last-Event-ID": "forgotten-version" });
    const everything = await unknown.nextEvent("change");
    expect(Object.keys(everything.data.sections)).toHaveLength(5);
    unknown.close();
  });

  it("when nothing happens, then a `: ping` comment arrives every heartbeat", async () => {
    const reader = await stream("demo");
    await reader.nextEvent("sync");
    expect(await reader.next((item) => item.kind === "comment", 3_000)).toEqual({ kind: "comment", text: "ping" });
    reader.close();
  });

  it("when the caller is anonymous, another user or asks for an unknown user, then 401, 403 and 404 problems come instead of a stream", async () => {
    expect((await stream("demo", {})).status).toBe(401);
    const stranger = await stream("demo", authHeader("someone-else", "user"));
    expect(stranger.status).toBe(403);
    expect(stranger.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect((await stream("nobody-here", authHeader("admin-1", "admin"))).status).toBe(404);
    const admin = await stream("demo", authHeader("admin-1", "admin"));
    expect(admin.status).toBe(200);
    admin.close();
  });

  it("when a subject already holds its limit of streams, then the next is refused with 429 and Retry-After, and a slot frees when one closes", async () => {
    const a = await stream("demo");
    const b = await stream("demo");
    await Promise.all([a.nextEvent("sync"), b.nextEvent("sync")]);
    const refused = await stream("demo");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(refused.body.type).toBe("https://intro-page.dev/problems/rate-limited");
    a.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const c = await stream("demo");
    expect(c.status).toBe(200);
    b.close();
    c.close();
  });

  it("when Last-Event-ID is longer than the contract allows, then the stream is refused with a 400 problem", async () => {
    const reader = await stream("demo", { ...authHeader("demo", "user"), "Last-Event-ID": "x".repeat(200) });
    expect(reader.status).toBe(400);
  });

  it("when the token expires, then the stream ends with a retry hint", async () => {
    const reader = await stream("demo", { authorization: `Bearer ${tokenFor(as.user("demo"), 2)}` });
    await reader.nextEvent("sync");
    await reader.ended;
    expect(reader.items.at(-1)).toEqual({ kind: "retry", ms: 0 });
  });

  it("when streams are open, then the Prometheus metrics count them", async () => {
    const reader = await stream("demo");
    await reader.nextEvent("sync");
    const metrics = await h.call("GET", "/metrics", { as: as.admin() });
    expect(metrics.text).toMatch(/^intro_page_live_streams_open [1-9]/m);
    expect(metrics.text).toMatch(/^intro_page_live_push_latency_seconds_count [1-9]/m);
    reader.close();
  });
});

describe("the page stream when the server shuts down", () => {
  it("when the server drains, then open streams end at once with a retry hint and the shutdown does not wait out its drain timeout", async () => {
    const own = await startHarness({ SHUTDOWN_DRAIN_TIMEOUT_MS: "20000", LIVE_RETRY_MS: "2000" });
    try {
      const reader = await openEventStream(`${own.url}/api/v1/intro-page/demo/stream`, authHeader("demo", "user"));
      await reader.nextEvent("sync");
      const started = performance.now();
      const closing = own.running.close();
      await reader.ended;
      const endedAfter = performance.now() - started;
      await closing;
      // Far below the 20 s drain timeout: the stream did not hold the shutdown up (generous bounds for a busy machine).
      expect(endedAfter).toBeLessThan(2_000);
      expect(performance.now() - started).toBeLessThan(10_000);
      const last = reader.items.at(-1);
      expect(last?.kind).toBe("retry");
      expect((last as { ms: number }).ms).toBeGreaterThanOrEqual(100);
      expect((last as { ms: number }).ms).toBeLessThanOrEqual(2000);
    } finally {
      await own.database.drop();
    }
  });
});
