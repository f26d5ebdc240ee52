import { describe, expect, it } from "vitest";
import { as, useMockApi } from "./support/mock-api.js";

const activity = "/api/v1/intro-page/demo/activity";

describe("activity pagination", () => {
  const { call } = useMockApi();

  async function walk(limit: number) {
    const seen: { id: string; occurredAt: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=${limit}&cursor=${cursor}` : `?limit=${limit}`;
      const { body } = await call("GET", `${activity}${query}`, { headers: as.demo });
      seen.push(...body.data.items);
      cursor = body.data.nextCursor;
      pages += 1;
    } while (cursor && pages < 100);
    return { seen, pages };
  }

  it("when every page is followed by its cursor, then each entry appears once, newest first, and the last cursor is null", async () => {
    const { seen, pages } = await walk(25);
    expect(seen).toHaveLength(120);
    expect(pages).toBe(5);
    expect(new Set(seen.map((entry) => entry.id)).size).toBe(120);
    const times = seen.map((entry) => entry.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("when no limit is given, then a page holds the default 20 entries", async () => {
    const { body } = await call("GET", activity, { headers: as.demo });
    expect(body.data.items).toHaveLength(20);
    expect(body.data.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it("when new activity arrives between pages, then the next page still continues where the last one stopped", async () => {
    const first = (await call("GET", `${activity}?limit=10`, { headers: as.demo })).body.data;
    await call("POST", "/api/v1/events", {
      headers: as.service,
      body: { events: [{ type: "activity", eventId: "mid-walk", userId: "demo", actor: { id: "bob", name: "Bob" }, verb: "commented", object: { type: "task", id: "t1", title: "New" }, occurredAt: new Date().toISOString() }] },
    });
    const second = (await call("GET", `${activity}?limit=10&cursor=${first.nextCursor}`, { headers: as.demo })).body.data;
    expect(second.items[0].occurredAt <= first.items.at(-1).occurredAt).toBe(true);
    expect(second.items.map((entry: { id: string }) => entry.id)).not.toContain("evt_mid-walk");
  });

  it("when a user has no activity, then the page is empty with a null cursor", async () => {
    const { body } = await call("GET", "/api/v1/intro-page/new-user/activity", { headers: as.newUser });
    expect(body.data).toEqual({ items: [], nextCursor: null });
  });

  it("when the cursor or limit is invalid, then the answer is 400 naming the parameter", async () => {
    const badCursor = await call("GET", `${activity}?cursor=abc`, { headers: as.demo });
    expect(badCursor.body.errors).toEqual([expect.objectContaining({ pointer: "/query/cursor" })]);
    const badLimit = await call("GET", `${activity}?limit=0`, { headers: as.demo });
    expect(badLimit.body.errors).toEqual([expect.objectContaining({ pointer: "/query/limit" })]);
  });
});
