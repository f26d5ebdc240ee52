import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, startHarness, type Harness } from "./support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const openItems = async (user: string) => (await h.call("GET", `/api/v1/intro-page/${user}/actions`, { as: as.user(user) })).body.data;

describe("POST /api/v1/intro-page/{userId}/actions/{itemId}/complete and /dismiss", () => {
  it("when the owner completes an open item, then 200 completed and the item leaves the actions section at once", async () => {
    const before = await openItems("alice");
    const item = before.items[0];
    const reply = await h.call("POST", `/api/v1/intro-page/alice/actions/${item.id}/complete`, { as: as.user("alice") });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ id: item.id, state: "completed" });
    const after = await openItems("alice");
    expect(after.items.map((i: { id: string }) => i.id)).not.toContain(item.id);
    expect(after.total).toBe(before.total - 1);
  });

  it("when an item is completed twice, then both replies are 200 with the first completion time", async () => {
    const { items } = await openItems("bob");
    const first = await h.call("POST", `/api/v1/intro-page/bob/actions/${items[0].id}/complete`, { as: as.user("bob") });
    const second = await h.call("POST", `/api/v1/intro-page/bob/actions/${items[0].id}/complete`, { as: as.user("bob") });
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
  });

  it("when a dismissed item is completed (or the reverse), then 409 and the state is unchanged", async () => {
    const { items } = await openItems("carol");
    const [a, b] = items;
    expect((await h.call("POST", `/api/v1/intro-page/carol/actions/${a.id}/dismiss`, { as: as.user("carol") })).body.state).toBe("dismissed");
    const conflict = await h.call("POST", `/api/v1/intro-page/carol/actions/${a.id}/complete`, { as: as.user("carol") });
    expect(conflict.status).toBe(409);
    expect(conflict.body.detail).toContain("dismissed");
    await h.call("POST", `/api/v1/intro-page/carol/actions/${b.id}/complete`, { as: as.user("carol") });
    expect((await h.call("POST", `/api/v1/intro-page/carol/actions/${b.id}/dismiss`, { as: as.user("carol") })).status).toBe(409);
    const again = await h.call("POST", `/api/v1/intro-page/carol/actions/${a.id}/dismiss`, { as: as.user("carol") });
    expect(again.status).toBe(200);
  });

  it("when the item does not exist or belongs to someone else, then 404", async () => {
    expect((await h.call("POST", "/api/v1/intro-page/dave/actions/act_nope/complete", { as: as.user("dave") })).status).toBe(404);
    const { items } = await openItems("demo");
    expect((await h.call("POST", `/api/v1/intro-page/dave/actions/${items[0].id}/dismiss`, { as: as.user("dave") })).status).toBe(404);
  });

  it("when someone acts on another user's item, then 403 (admins and services included)", async () => {
    const { items } = await openItems("demo");
    for (const caller of [as.user("alice"), as.admin(), as.service()]) {
      expect((await h.call("POST", `/api/v1/intro-page/demo/actions/${items[0].id}/complete`, { as: caller })).status).toBe(403);
    }
  });

  it("when there is no token, then 401; when the item id breaks the pattern, then 400", async () => {
    expect((await h.call("POST", "/api/v1/intro-page/demo/actions/x/complete")).status).toBe(401);
    const bad = await h.call("POST", "/api/v1/intro-page/demo/actions/a.b/complete", { as: as.user("demo") });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].pointer).toBe("/path/itemId");
  });

  it("when an item is completed, then statistics and personalization agree with the new counts (read-your-writes)", async () => {
    const before = await openItems("demo");
    const urgent = before.items.find((i: { priority: string }) => i.priority === "urgent");
    await h.call("GET", "/api/v1/intro-page/demo", { as: as.user("demo") });
    await h.call("POST", `/api/v1/intro-page/demo/actions/${urgent.id}/complete`, { as: as.user("demo") });
    const page = (await h.call("GET", "/api/v1/intro-page/demo", { as: as.user("demo") })).body;
    const metric = (key: string) => page.sections.statistics.data.metrics.find((m: { key: string }) => m.key === key).value;
    expect(page.sections.actions.data.urgent).toBe(before.urgent - 1);
    expect(metric("urgentItems")).toBe(before.urgent - 1);
    expect(metric("openItems")).toBe(before.total - 1);
    expect(page.meta.cache).toBe("partial");
  });
});

describe("PATCH /api/v1/intro-page/{userId}/preferences", () => {
  const path = "/api/v1/intro-page/dave/preferences";

  it("when a merge patch changes layout and locale, then 200 returns the updated personalization with an ETag", async () => {
    const reply = await h.call("PATCH", path, {
      as: as.user("dave"),
      contentType: "application/merge-patch+json",
      body: { locale: "de-DE", layout: { order: ["actions", "statistics", "activity", "personalization", "system"], hidden: ["system"] } },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.data.locale).toBe("de-DE");
    expect(reply.body.data.layout).toEqual({ order: ["actions", "statistics", "activity", "personalization", "system"], hidden: ["system"] });
    expect(reply.headers.get("etag")).toMatch(/^W\//);
    const read = await h.call("GET", "/api/v1/intro-page/dave/personalization", { as: as.user("dave") });
    expect(read.body.data.locale).toBe("de-DE");
    expect(read.headers.get("etag")).toBe(reply.headers.get("etag"));
  });

  it("when a field is absent it is kept; when it is null it resets to the default", async () => {
    await h.call("PATCH", path, { as: as.user("dave"), body: { timezone: "Europe/Berlin" } });
    const kept = await h.call("PATCH", path, { as: as.user("dave"), body: { layout: { hidden: null } } });
    expect(kept.body.data.locale).toBe("de-DE");
    expect(kept.body.data.timezone).toBe("Europe/Berlin");
    expect(kept.body.data.layout.hidden).toEqual([]);
    const reset = await h.call("PATCH", path, { as: as.user("dave"), contentType: "application/merge-patch+json", body: { locale: null, timezone: null } });
    expect(reset.body.data.locale).toBe("en-US");
    expect(reset.body.data.timezone).toBe("UTC");
  });

  it("when layout.order lists a section twice, then 422 pointing at the duplicate and nothing changes", async () => {
    const reply = await h.call("PATCH", path, { as: as.user("dave"), body: { layout: { order: ["actions", "statistics", "actions"] } } });
    expect(reply.status).toBe(422);
    expect(reply.body.errors).toEqual([{ pointer: "/body/layout/order/2", detail: 'duplicate section "actions"' }]);
    const read = await h.call("GET", "/api/v1/intro-page/dave/personalization", { as: as.user("dave") });
    expect(read.body.data.layout.order[0]).toBe("actions");
  });

  it("when the timezone is well-formed but unknown, then 422 pointing at it", async () => {
    const reply = await h.call("PATCH", path, { as: as.user("dave"), body: { timezone: "Mars/Olympus_Mons" } });
    expect(reply.status).toBe(422);
    expect(reply.body.errors).toEqual([{ pointer: "/body/timezone", detail: 'unknown time zone "Mars/Olympus_Mons"' }]);
  });

  it.each([
    ["an empty object", {}, undefined],
    ["an unknown field", { theme: "dark" }, "/body/theme"],
    ["a bad locale", { locale: "not a locale" }, "/body/locale"],
    ["a wrong type", { layout: { order: "actions" } }, "/body/layout/order"],
    ["an unknown section", { layout: { hidden: ["weather"] } }, "/body/layout/hidden/0"],
    ["an array body", [1, 2, 3], undefined],
  ])("when the body is %s, then 400", async (_name, body, pointer) => {
    const reply = await h.call("PATCH", path, { as: as.user("dave"), body });
    expect(reply.status).toBe(400);
    if (pointer) expect(reply.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
  });

  it("when the body is not valid JSON, then 400 saying so", async () => {
    const reply = await h.call("PATCH", path, { as: as.user("dave"), raw: '{"locale": "de-' });
    expect(reply.status).toBe(400);
    expect(reply.body.detail).toMatch(/not valid JSON/);
  });

  it("when the body is text/plain, then 415", async () => {
    const reply = await h.call("PATCH", path, { as: as.user("dave"), raw: "locale=de", contentType: "text/plain" });
    expect(reply.status).toBe(415);
  });

  it("when the body is larger than the limit, then 413", async () => {
    const reply = await h.call("PATCH", path, { as: as.user("dave"), raw: JSON.stringify({ locale: "x".repeat(1_100_000) }) });
    expect(reply.status).toBe(413);
  });

  it("when another user, an admin, or nobody patches, then 403 / 403 / 401; an unknown user gives 404", async () => {
    expect((await h.call("PATCH", path, { as: as.user("demo"), body: { locale: "fr" } })).status).toBe(403);
    expect((await h.call("PATCH", path, { as: as.admin(), body: { locale: "fr" } })).status).toBe(403);
    expect((await h.call("PATCH", path, { body: { locale: "fr" } })).status).toBe(401);
    expect((await h.call("PATCH", "/api/v1/intro-page/ghost/preferences", { as: as.user("ghost"), body: { locale: "fr" } })).status).toBe(404);
  });
});
