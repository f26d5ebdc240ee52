import { describe, expect, it } from "vitest";
import { as, useMockApi } from "./support/mock-api.js";

const page = "/api/v1/intro-page";

describe("writes change later reads", () => {
  const { mock, call } = useMockApi();

  async function demoActions() {
    return (await call("GET", `${page}/demo/actions`, { headers: as.demo })).body.data;
  }

  it("when an item is completed, then the actions section, the page and statistics all reflect it", async () => {
    const before = await demoActions();
    const item = before.items[0];
    const statsBefore = (await call("GET", `${page}/demo/statistics`, { headers: as.demo })).body.data;

    const completed = await call("POST", `${page}/demo/actions/${item.id}/complete`, { headers: as.demo });
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ id: item.id, state: "completed" });

    const after = await demoActions();
    expect(after.items.map((open: { id: string }) => open.id)).not.toContain(item.id);
    expect(after.total).toBe(before.total - 1);
    const whole = (await call("GET", `${page}/demo`, { headers: as.demo })).body;
    expect(whole.sections.actions.data).toEqual(after);
    const statsAfter = (await call("GET", `${page}/demo/statistics`, { headers: as.demo })).body.data;
    const metric = (stats: { metrics: { key: string; value: number }[] }, key: string) => stats.metrics.find((m) => m.key === key)?.value;
    expect(metric(statsAfter, "tasksCompleted")).toBe(metric(statsBefore, "tasksCompleted")! + 1);
    expect(metric(statsAfter, "openItems")).toBe(before.total - 1);
    expect(statsAfter.lastActiveAt).toBe(completed.body.at);
  });

  it("when an item is completed twice, then the second answer repeats the first outcome", async () => {
    const [item] = (await demoActions()).items;
    const first = await call("POST", `${page}/demo/actions/${item.id}/complete`, { headers: as.demo });
    const second = await call("POST", `${page}/demo/actions/${item.id}/complete`, { headers: as.demo });
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
  });

  it("when a dismissed item is completed, then the answer is 409 and the item stays dismissed", async () => {
    const [item] = (await demoActions()).items;
    expect((await call("POST", `${page}/demo/actions/${item.id}/dismiss`, { headers: as.demo })).status).toBe(200);
    const conflict = await call("POST", `${page}/demo/actions/${item.id}/complete`, { headers: as.demo });
    expect(conflict.status).toBe(409);
    expect(conflict.body.detail).toContain("dismissed");
    const again = await call("POST", `${page}/demo/actions/${item.id}/dismiss`, { headers: as.demo });
    expect(again.body.state).toBe("dismissed");
  });

  it("when preferences are patched, then personalization and the page show them and null restores the default", async () => {
    const initial = (await call("GET", `${page}/demo/personalization`, { headers: as.demo })).body.data;
    const patched = await call("PATCH", `${page}/demo/preferences`, {
      headers: as.demo,
      contentType: "application/merge-patch+json",
      body: { locale: "de-DE", timezone: "Europe/Berlin", layout: { order: ["actions", "statistics"], hidden: ["system"] } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body.data).toMatchObject({ locale: "de-DE", timezone: "Europe/Berlin", layout: { order: ["actions", "statistics"], hidden: ["system"] } });
    const section = (await call("GET", `${page}/demo/personalization`, { headers: as.demo })).body.data;
    const whole = (await call("GET", `${page}/demo`, { headers: as.demo })).body.sections.personalization.data;
    expect(section).toEqual(patched.body.data);
    expect(whole).toEqual(patched.body.data);

    const restored = await call("PATCH", `${page}/demo/preferences`, { headers: as.demo, body: { locale: null, layout: { order: null } } });
    expect(restored.body.data.locale).toBe(initial.locale);
    expect(restored.body.data.layout).toEqual({ order: initial.layout.order, hidden: ["system"] });
    expect(restored.body.data.timezone).toBe("Europe/Berlin");
  });

  it("when layout.order lists a section twice, then the answer is 422 naming it and nothing changes", async () => {
    const before = (await call("GET", `${page}/demo/personalization`, { headers: as.demo })).body.data;
    const refused = await call("PATCH", `${page}/demo/preferences`, { headers: as.demo, body: { layout: { order: ["actions", "statistics", "actions"] } } });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([{ pointer: "/body/layout/order/2", detail: 'duplicate section "actions"' }]);
    expect((await call("GET", `${page}/demo/personalization`, { headers: as.demo })).body.data).toEqual(before);
  });

  it("when a service posts events, then activity and actions gain them and a retried batch counts duplicates", async () => {
    const batch = {
      events: [
        {
          type: "activity",
          eventId: "batch-1-a",
          userId: "demo",
          actor: { id: "alice", name: "Alice Moreau" },
          verb: "shared",
          object: { type: "document", id: "doc_91", title: "Launch checklist" },
          occurredAt: new Date(Date.now() + 60_000).toISOString(),
        },
        { type: "action", eventId: "batch-1-b", userId: "demo", item: { id: "act_new01", kind: "review", title: "Review launch checklist", priority: "urgent" } },
      ],
    };
    const first = await call("POST", "/api/v1/events", { headers: as.service, body: batch });
    expect(first).toMatchObject({ status: 202, body: { accepted: 2, duplicates: 0 } });
    const retried = await call("POST", "/api/v1/events", { headers: as.service, body: batch });
    expect(retried.body).toEqual({ accepted: 0, duplicates: 2 });

    const activity = (await call("GET", `${page}/demo/activity?limit=1`, { headers: as.demo })).body.data;
    expect(activity.items[0]).toMatchObject({ verb: "shared", object: { id: "doc_91" } });
    const actions = await demoActions();
    expect(actions.items.find((item: { id: string }) => item.id === "act_new01")).toMatchObject({ title: "Review launch checklist", priority: "urgent" });

    const update = { events: [{ type: "action", eventId: "batch-2", userId: "demo", item: { id: "act_new01", kind: "review", title: "Review launch checklist v2", priority: "low" } }] };
    await call("POST", "/api/v1/events", { headers: as.service, body: update });
    const updated = (await demoActions()).items.filter((item: { id: string }) => item.id === "act_new01");
    expect(updated).toEqual([expect.objectContaining({ title: "Review launch checklist v2", priority: "low" })]);
  });

  it("when a batch names an unknown user, then it is refused with 404 and no event of it is applied", async () => {
    const before = (await call("GET", `${page}/demo/activity?limit=1`, { headers: as.demo })).body.data.items[0];
    const batch = {
      events: [
        { type: "action", eventId: "x-1", userId: "demo", item: { id: "act_x1", kind: "task", title: "Should not land", priority: "low" } },
        { type: "action", eventId: "x-2", userId: "ghost", item: { id: "act_x2", kind: "task", title: "Ghost", priority: "low" } },
      ],
    };
    expect((await call("POST", "/api/v1/events", { headers: as.service, body: batch })).status).toBe(404);
    expect((await demoActions()).items.map((item: { id: string }) => item.id)).not.toContain("act_x1");
    expect((await call("GET", `${page}/demo/activity?limit=1`, { headers: as.demo })).body.data.items[0]).toEqual(before);
  });

  it("when reset() is called after writes, then every read is back to the initial state", async () => {
    const initialPage = (await call("GET", `${page}/demo`, { headers: as.demo })).body;
    const [item] = (await demoActions()).items;
    await call("POST", `${page}/demo/actions/${item.id}/complete`, { headers: as.demo });
    await call("PATCH", `${page}/demo/preferences`, { headers: as.demo, body: { locale: "fr-FR" } });
    mock.setScenario("degraded");

    mock.reset();

    expect(mock.scenario).toBe("default");
    const resetPage = (await call("GET", `${page}/demo`, { headers: as.demo })).body;
    expect(resetPage.sections.actions.data).toEqual(initialPage.sections.actions.data);
    expect(resetPage.sections.personalization.data).toEqual(initialPage.sections.personalization.data);
    expect(resetPage.sections.statistics.data).toEqual(initialPage.sections.statistics.data);
  });

  it("when a user has more than 50 open items, then 50 are listed, most pressing first, and the counts cover all", async () => {
    const { body } = await call("GET", `${page}/alice/actions`, { headers: as.alice });
    expect(body.data.items).toHaveLength(50);
    expect(body.data.total).toBe(60);
    expect(body.data.urgent).toBe(15);
    const rank = ["urgent", "high", "normal", "low"];
    const ranks = body.data.items.map((item: { priority: string }) => rank.indexOf(item.priority));
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    expect(body.data.overdue).toBeGreaterThan(0);
  });
});
