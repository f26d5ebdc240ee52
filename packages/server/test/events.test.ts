import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, startHarness, type Harness } from "./support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const activity = (userId: string, overrides: Record<string, unknown> = {}) => ({
  type: "activity",
  eventId: `evt-${randomUUID()}`,
  userId,
  actor: { id: "alice", name: "Alice Moreau" },
  verb: "shared",
  object: { type: "document", id: "doc_91", title: "Launch checklist", href: "https://app.example.com/docs/91" },
  occurredAt: new Date().toISOString(),
  ...overrides,
});
const action = (userId: string, item: Record<string, unknown> = {}) => ({
  type: "action",
  eventId: `act-${randomUUID()}`,
  userId,
  item: { id: `act_${randomUUID().slice(0, 8)}`, kind: "review", title: "Review launch checklist", priority: "high", ...item },
});
const post = (events: unknown[], caller = as.service()) => h.call("POST", "/api/v1/events", { as: caller, body: { events } });

describe("POST /api/v1/events", () => {
  // First in the file: the ledger is pruned at most hourly per process, on the first batch.
  it("when an eventId is older than the dedupe retention, then it is forgotten and the event is applied again", async () => {
    const old = activity("demo", { verb: "remembered_long_ago" });
    await h.running.deps.database.sequelize.query("INSERT INTO processed_events (event_id, user_id, received_at) VALUES ($1, 'demo', now() - interval '40 days')", {
      bind: [old.eventId],
    });
    const recent = activity("demo");
    await h.running.deps.database.sequelize.query("INSERT INTO processed_events (event_id, user_id, received_at) VALUES ($1, 'demo', now() - interval '2 days')", {
      bind: [recent.eventId],
    });
    expect((await post([activity("demo")])).body).toEqual({ accepted: 1, duplicates: 0 });
    expect((await post([old, recent])).body).toEqual({ accepted: 1, duplicates: 1 });
  });

  it("when the service posts activity and an item, then 202 counts them and both show up on the next read", async () => {
    await h.call("GET", "/api/v1/intro-page/alice", { as: as.user("alice") });
    const a = activity("alice");
    const b = action("alice", { priority: "urgent" });
    const reply = await post([a, b]);
    expect(reply.status).toBe(202);
    expect(reply.body).toEqual({ accepted: 2, duplicates: 0 });
    const page = (await h.call("GET", "/api/v1/intro-page/alice", { as: as.user("alice") })).body;
    expect(page.sections.activity.data.items[0]).toMatchObject({ verb: "shared", object: { id: "doc_91" } });
    expect(page.sections.actions.data.items[0].id).toBe(b.item.id);
    expect(page.sections.system.status).toBe("ok");
  });

  it("when the same batch is posted again, then every event counts as a duplicate and nothing is stored twice", async () => {
    const events = [activity("bob"), action("bob")];
    await post(events);
    const before = (await h.call("GET", "/api/v1/intro-page/bob/activity?limit=100", { as: as.user("bob") })).body.data.items.length;
    const again = await post(events);
    expect(again.body).toEqual({ accepted: 0, duplicates: 2 });
    const after = (await h.call("GET", "/api/v1/intro-page/bob/activity?limit=100", { as: as.user("bob") })).body.data.items.length;
    expect(after).toBe(before);
  });

  it("when one batch repeats an eventId, then the repeat is a duplicate", async () => {
    const event = activity("carol");
    expect((await post([event, event])).body).toEqual({ accepted: 1, duplicates: 1 });
  });

  it("when an action event names an existing item id, then the item is updated in place", async () => {
    const first = action("dave", { id: "act_update_me", title: "First title", priority: "low" });
    await post([first]);
    await post([action("dave", { id: "act_update_me", title: "Second title", priority: "urgent" })]);
    const { items, total } = (await h.call("GET", "/api/v1/intro-page/dave/actions", { as: as.user("dave") })).body.data;
    const matching = items.filter((i: { id: string }) => i.id === "act_update_me");
    expect(matching).toEqual([expect.objectContaining({ title: "Second title", priority: "urgent" })]);
    expect(total).toBeGreaterThan(0);
  });

  it("when a batch names a user that does not exist, then 404 and nothing in the batch is stored", async () => {
    const good = activity("demo", { verb: "atomicity_probe" });
    const reply = await post([good, activity("ghost")]);
    expect(reply.status).toBe(404);
    expect(reply.body.errors).toEqual([{ pointer: "/body/events/1/userId", detail: "no such user" }]);
    expect((await post([good])).body).toEqual({ accepted: 1, duplicates: 0 });
  });

  it("when activity is dated more than a day ahead, then 422 pointing at it", async () => {
    const reply = await post([activity("demo"), activity("demo", { occurredAt: new Date(Date.now() + 3 * 86_400_000).toISOString() })]);
    expect(reply.status).toBe(422);
    expect(reply.body.errors[0].pointer).toBe("/body/events/1/occurredAt");
  });

  it("when a user or an admin posts events, then 403; without a token, 401", async () => {
    expect((await post([activity("demo")], as.user("demo"))).status).toBe(403);
    expect((await post([activity("demo")], as.admin())).status).toBe(403);
    expect((await h.call("POST", "/api/v1/events", { body: { events: [activity("demo")] } })).status).toBe(401);
  });

  it.each([
    ["no events", { events: [] }],
    ["a missing events field", {}],
    ["an unknown event type", { events: [{ type: "weather", eventId: "e1", userId: "demo" }] }],
    ["a wrong type", { events: "all of them" }],
    ["a bad date", { events: [activity("demo", { occurredAt: "yesterday" })] }],
    ["a bad href", { events: [action("demo", { href: "not a uri" })] }],
    ["an unknown priority", { events: [action("demo", { priority: "critical" })] }],
    ["a huge number", { events: [activity("demo", { verb: 1e308 })] }],
    ["an extra field", { events: [{ ...activity("demo"), extra: true }] }],
    ["null", null],
  ])("when the body has %s, then 400", async (_name, body) => {
    const reply = await h.call("POST", "/api/v1/events", { as: as.service(), raw: JSON.stringify(body) });
    expect(reply.status).toBe(400);
    expect(reply.body.errors?.length ?? 0).toBeGreaterThanOrEqual(body === null ? 0 : 1);
  });

  it("when more than 500 events are sent, then 400 naming /body/events", async () => {
    const events = Array.from({ length: 501 }, () => activity("demo"));
    const reply = await post(events);
    expect(reply.status).toBe(400);
    expect(reply.body.errors.map((e: { pointer: string }) => e.pointer)).toContain("/body/events");
  });

  it("when the body is not JSON, then 400; when it is form-encoded, then 415; when it is too large, then 413", async () => {
    expect((await h.call("POST", "/api/v1/events", { as: as.service(), raw: "{events:" })).status).toBe(400);
    expect((await h.call("POST", "/api/v1/events", { as: as.service(), raw: "events=1", contentType: "application/x-www-form-urlencoded" })).status).toBe(415);
    const huge = JSON.stringify({ events: [activity("demo", { verb: "x".repeat(2_000_000) })] });
    expect((await h.call("POST", "/api/v1/events", { as: as.service(), raw: huge })).status).toBe(413);
  });
});
