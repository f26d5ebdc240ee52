import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, startHarness, type Harness } from "./support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const perUser = ["statistics", "actions", "activity", "personalization"] as const;

describe.each(perUser)("GET /api/v1/intro-page/{userId}/%s", (section) => {
  const path = (user: string) => `/api/v1/intro-page/${user}/${section}`;

  it("when the owner reads it, then 200 with an ok envelope, ETag and no-cache", async () => {
    const reply = await h.call("GET", path("demo"), { as: as.user("demo") });
    expect(reply.status).toBe(200);
    expect(reply.body.status).toBe("ok");
    expect(reply.headers.get("etag")).toMatch(/^W\/".+"$/);
    expect(reply.headers.get("cache-control")).toBe("private, no-cache");
  });

  it("when If-None-Match matches, then 304 with no body", async () => {
    const first = await h.call("GET", path("demo"), { as: as.user("demo") });
    const again = await h.call("GET", path("demo"), { as: as.user("demo"), headers: { "if-none-match": `"other", ${first.headers.get("etag")}` } });
    expect(again.status).toBe(304);
    expect(again.text).toBe("");
  });

  it("when another user reads it, then 403; an admin gets 200", async () => {
    expect((await h.call("GET", path("demo"), { as: as.user("alice") })).status).toBe(403);
    expect((await h.call("GET", path("demo"), { as: as.admin() })).status).toBe(200);
  });

  it("when the service role reads it, then 403", async () => {
    expect((await h.call("GET", path("demo"), { as: as.service() })).status).toBe(403);
  });

  it("when the user does not exist, then 404 for an admin", async () => {
    expect((await h.call("GET", path("nobody"), { as: as.admin() })).status).toBe(404);
  });

  it("when there is no token, then 401", async () => {
    expect((await h.call("GET", path("demo"))).status).toBe(401);
  });

  it("when an unknown query parameter is sent, then 400 naming it", async () => {
    const reply = await h.call("GET", `${path("demo")}?debug=1`, { as: as.user("demo") });
    expect(reply.status).toBe(400);
    expect(reply.body.errors[0].pointer).toBe("/query/debug");
  });
});

describe("the sections' content", () => {
  it("when the demo actions are read, then items are sorted by priority then due date and counts cover every open item", async () => {
    const { body } = await h.call("GET", "/api/v1/intro-page/demo/actions", { as: as.user("demo") });
    const rank = { urgent: 4, high: 3, normal: 2, low: 1 } as const;
    const ranks = body.data.items.map((item: { priority: keyof typeof rank }) => rank[item.priority]);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
    expect(body.data.total).toBe(body.data.items.length);
    expect(body.data.urgent).toBe(body.data.items.filter((i: { priority: string }) => i.priority === "urgent").length);
    const kinds = new Set(body.data.items.map((i: { kind: string }) => i.kind));
    expect(kinds).toEqual(new Set(["task", "approval", "review", "mention", "reminder"]));
  });

  it("when the statistics are read, then open/urgent/overdue metrics equal the actions counts", async () => {
    const actions = (await h.call("GET", "/api/v1/intro-page/demo/actions", { as: as.user("demo") })).body.data;
    const statistics = (await h.call("GET", "/api/v1/intro-page/demo/statistics", { as: as.user("demo") })).body.data;
    const metric = (key: string) => statistics.metrics.find((m: { key: string }) => m.key === key).value;
    expect(metric("openItems")).toBe(actions.total);
    expect(metric("urgentItems")).toBe(actions.urgent);
    expect(metric("overdueItems")).toBe(actions.overdue);
    expect(statistics.productivityScore).toBeGreaterThanOrEqual(0);
    expect(statistics.productivityScore).toBeLessThanOrEqual(100);
  });

  it("when the personalization is read, then it greets by first name and uses the stored timezone", async () => {
    const { body } = await h.call("GET", "/api/v1/intro-page/demo/personalization", { as: as.user("demo") });
    expect(body.data.displayName).toBe("Dana Demo");
    expect(body.data.welcomeMessage).toMatch(/^Good (morning|afternoon|evening), Dana\./);
    expect(body.data.timezone).toBe("America/New_York");
    expect(body.data.layout.order).toEqual(["personalization", "actions", "statistics", "activity", "system"]);
  });
});

describe("GET /api/v1/intro-page/{userId}/activity pagination", () => {
  it("when every page is followed, then all items arrive newest first without gaps or repeats", async () => {
    const seen: Array<{ id: string; occurredAt: string }> = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=7&cursor=${cursor}` : "?limit=7";
      const reply = await h.call("GET", `/api/v1/intro-page/demo/activity${query}`, { as: as.user("demo") });
      expect(reply.status).toBe(200);
      seen.push(...reply.body.data.items);
      cursor = reply.body.data.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    expect(seen).toHaveLength(65);
    expect(new Set(seen.map((i) => i.id)).size).toBe(65);
    const keys = seen.map((i) => `${i.occurredAt}|${i.id}`);
    expect(keys).toEqual([...keys].sort().reverse());
    expect(pages).toBe(10);
  });

  it("when no limit is given, then the first page has 20 items and a cursor", async () => {
    const reply = await h.call("GET", "/api/v1/intro-page/demo/activity", { as: as.user("demo") });
    expect(reply.body.data.items).toHaveLength(20);
    expect(reply.body.data.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each([
    ["limit=0", "/query/limit"],
    ["limit=101", "/query/limit"],
    ["limit=99999999999999999999", "/query/limit"],
    ["limit=ten", "/query/limit"],
    ["cursor=not!base64", "/query/cursor"],
    ["cursor=eyJ0IjoieCJ9", "/query/cursor"],
    [`cursor=${"A".repeat(600)}`, "/query/cursor"],
  ])("when the query is %s, then 400 pointing at %s", async (query, pointer) => {
    const reply = await h.call("GET", `/api/v1/intro-page/demo/activity?${query}`, { as: as.user("demo") });
    expect(reply.status).toBe(400);
    expect(reply.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
  });
});

describe("GET /api/v1/system/overview", () => {
  it.each([
    ["user", as.user("demo")],
    ["admin", as.admin()],
    ["service", as.service()],
  ])("when a %s reads it, then 200 with the shared overview", async (_role, caller) => {
    const reply = await h.call("GET", "/api/v1/system/overview", { as: caller });
    expect(reply.status).toBe(200);
    expect(reply.body.data.status).toBe("operational");
    expect(reply.body.data.announcements.length).toBeGreaterThan(0);
  });

  it("when two users read it, then both get the same ETag (one shared entry)", async () => {
    const a = await h.call("GET", "/api/v1/system/overview", { as: as.user("demo") });
    const b = await h.call("GET", "/api/v1/system/overview", { as: as.user("alice") });
    expect(a.headers.get("etag")).toBe(b.headers.get("etag"));
    expect(a.body.asOf).toBe(b.body.asOf);
  });

  it("when If-None-Match matches, then 304", async () => {
    const a = await h.call("GET", "/api/v1/system/overview", { as: as.user("demo") });
    expect((await h.call("GET", "/api/v1/system/overview", { as: as.user("demo"), headers: { "if-none-match": a.headers.get("etag")! } })).status).toBe(304);
  });

  it("when there is no token, then 401; when a query parameter is unknown, then 400", async () => {
    expect((await h.call("GET", "/api/v1/system/overview")).status).toBe(401);
    expect((await h.call("GET", "/api/v1/system/overview?x=1", { as: as.user("demo") })).status).toBe(400);
  });
});
