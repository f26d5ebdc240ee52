import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityIdFor } from "../src/domain/page-writes.js";
import { insightsFor } from "../src/domain/sections/personalization.js";
import { sectionNames } from "../src/vocabulary/section-names.js";
import { randomSource } from "../src/seed/dataset.js";
import { as, startHarness, type Harness } from "./support/harness.js";

/**
 * Model-based test: random writes and events for several users are applied
 * both to the server and to this plain in-memory model; after every step
 * every section of every user must agree with the model and with each other.
 */

type Priority = "low" | "normal" | "high" | "urgent";
interface ModelItem {
  id: string;
  priority: Priority;
  dueAt: string | null;
  state: "open" | "completed" | "dismissed";
}
interface ModelActivity {
  id: string;
  occurredAt: string;
}
interface ModelUser {
  items: Map<string, ModelItem>;
  activity: ModelActivity[];
  /** Completions and activity in the last 7 days, from the first read plus what the test did. */
  completedThisWeek: number;
  activityThisWeek: number;
  layout: { order: string[]; hidden: string[] };
  locale: string;
}

const users = ["alice", "bob", "carol"] as const;
const priorities: Priority[] = ["low", "normal", "high", "urgent"];
const rank: Record<Priority, number> = { urgent: 4, high: 3, normal: 2, low: 1 };
const dayMs = 86_400_000;
const steps = 60;

let h: Harness;
const model = new Map<string, ModelUser>();
const random = randomSource(424_242);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
/** Due dates at least an hour away from now, so "overdue" cannot flip while a step runs. */
const dueDate = () => {
  const roll = random();
  if (roll < 0.3) return null;
  const hours = 1 + Math.floor(random() * 96);
  return new Date(Date.now() + (roll < 0.6 ? -hours : hours) * 3_600_000).toISOString();
};

async function readAll(userId: string, path: string) {
  const reply = await h.call("GET", `/api/v1/intro-page/${userId}${path}`, { as: as.user(userId) });
  expect(reply.status).toBe(200);
  return reply.body;
}

beforeAll(async () => {
  h = await startHarness();
  for (const userId of users) {
    const { sections } = await readAll(userId, "");
    const items = new Map<string, ModelItem>();
    for (const item of sections.actions.data.items) items.set(item.id, { id: item.id, priority: item.priority, dueAt: item.dueAt ?? null, state: "open" });
    const activity: ModelActivity[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { items: ModelActivity[]; nextCursor: string | null } } = await readAll(userId, `/activity?limit=100${cursor ? `&cursor=${cursor}` : ""}`);
      activity.push(...page.data.items.map(({ id, occurredAt }) => ({ id, occurredAt })));
      cursor = page.data.nextCursor;
    } while (cursor);
    const metric = (key: string) => sections.statistics.data.metrics.find((m: { key: string }) => m.key === key).value as number;
    model.set(userId, {
      items,
      activity,
      completedThisWeek: metric("tasksCompleted"),
      activityThisWeek: metric("activityEvents"),
      layout: sections.personalization.data.layout,
      locale: sections.personalization.data.locale,
    });
  }
});
afterAll(async () => {
  await h?.close();
});

/** One random operation against server and model; returns a label for failure messages. */
async function randomStep(): Promise<string> {
  const userId = pick(users);
  const user = model.get(userId)!;
  const roll = random();
  if (roll < 0.35) {
    const verb = random() < 0.6 ? "complete" : "dismiss";
    const state = verb === "complete" ? "completed" : "dismissed";
    const known = [...user.items.values()];
    const item = random() < 0.9 && known.length > 0 ? pick(known) : undefined;
    const itemId = item?.id ?? `act_missing_${Math.floor(random() * 1000)}`;
    const reply = await h.call("POST", `/api/v1/intro-page/${userId}/actions/${itemId}/${verb}`, { as: as.user(userId) });
    const expected = !item ? 404 : item.state === "open" || item.state === state ? 200 : 409;
    expect(reply.status, `${verb} ${itemId}`).toBe(expected);
    if (item && item.state === "open") {
      item.state = state;
      if (state === "completed") user.completedThisWeek++;
    }
    return `${verb} ${userId}/${itemId} → ${expected}`;
  }
  if (roll < 0.6) {
    const existing = [...user.items.values()];
    const update = random() < 0.3 && existing.length > 0 ? pick(existing) : undefined;
    const id = update?.id ?? `act_m_${randomUUID().slice(0, 8)}`;
    const priority = pick(priorities);
    const dueAt = dueDate();
    const reply = await h.call("POST", "/api/v1/events", {
      as: as.service(),
      body: { events: [{ type: "action", eventId: `m-${randomUUID()}`, userId, item: { id, kind: "task", title: `Model item ${id}`, priority, ...(dueAt ? { dueAt } : {}) } }] },
    });
    expect(reply.body).toEqual({ accepted: 1, duplicates: 0 });
    user.items.set(id, { id, priority, dueAt, state: update?.state ?? "open" });
    return `${update ? "update" : "add"} item ${userId}/${id} ${priority}`;
  }
  if (roll < 0.85) {
    const count = 1 + Math.floor(random() * 3);
    const events = Array.from({ length: count }, () => ({
      type: "activity",
      eventId: `m-${randomUUID()}`,
      userId,
      actor: { id: "model", name: "Model Tester" },
      verb: "edited",
      object: { type: "document", id: "doc_1", title: "Model doc" },
      // Whole seconds within the last five days: inside the statistics week, and ties are possible.
      occurredAt: new Date(Math.floor((Date.now() - random() * 5 * dayMs) / 1000) * 1000).toISOString(),
    }));
    const replay = random() < 0.3;
    const reply = await h.call("POST", "/api/v1/events", { as: as.service(), body: { events: replay ? [...events, events[0]] : events } });
    expect(reply.body).toEqual({ accepted: count, duplicates: replay ? 1 : 0 });
    for (const event of events) user.activity.push({ id: activityIdFor(event.eventId), occurredAt: event.occurredAt });
    user.activityThisWeek += count;
    return `add ${count} activity for ${userId}${replay ? " (with a replay)" : ""}`;
  }
  const order = [...sectionNames].sort(() => random() - 0.5);
  const hidden = sectionNames.filter(() => random() < 0.2);
  const locale = pick(["en-US", "de-DE", "fr-FR"]);
  const reply = await h.call("PATCH", `/api/v1/intro-page/${userId}/preferences`, { as: as.user(userId), body: { locale, layout: { order, hidden } } });
  expect(reply.status).toBe(200);
  user.layout = { order, hidden };
  user.locale = locale;
  return `preferences of ${userId}`;
}

/** Every section of `userId`, via the page and via the section endpoints, against the model. */
async function checkUser(userId: string, label: string): Promise<void> {
  const user = model.get(userId)!;
  const open = [...user.items.values()].filter((i) => i.state === "open");
  const now = Date.now();
  const expected = {
    total: open.length,
    urgent: open.filter((i) => i.priority === "urgent").length,
    overdue: open.filter((i) => i.dueAt !== null && Date.parse(i.dueAt) < now).length,
  };
  const viaPage = (await readAll(userId, "")).sections;
  const viaSections = Object.fromEntries(
    await Promise.all((["statistics", "actions", "activity", "personalization"] as const).map(async (name) => [name, await readAll(userId, `/${name}`)])),
  );
  for (const sections of [viaPage, viaSections]) {
    for (const name of ["statistics", "actions", "activity", "personalization"]) expect(sections[name].status, `${label}: ${name} status`).toBe("ok");
    const actions = sections.actions.data;
    expect({ total: actions.total, urgent: actions.urgent, overdue: actions.overdue }, `${label}: action counts`).toEqual(expected);
    expect(new Set(actions.items.map((i: { id: string }) => i.id)), `${label}: open items`).toEqual(new Set(open.map((i) => i.id)));
    const keys = actions.items.map((i: { priority: Priority; dueAt?: string }) => [rank[i.priority], i.dueAt ? Date.parse(i.dueAt) : Infinity]);
    for (let i = 1; i < keys.length; i++) {
      const [pa, da] = keys[i - 1]!;
      const [pb, db] = keys[i]!;
      expect(pa > pb || (pa === pb && da <= db), `${label}: actions order at ${i}`).toBe(true);
    }

    const metric = (key: string) => sections.statistics.data.metrics.find((m: { key: string }) => m.key === key).value;
    expect(
      { open: metric("openItems"), urgent: metric("urgentItems"), overdue: metric("overdueItems"), completed: metric("tasksCompleted"), activity: metric("activityEvents") },
      `${label}: statistics`,
    ).toEqual({ open: expected.total, urgent: expected.urgent, overdue: expected.overdue, completed: user.completedThisWeek, activity: user.activityThisWeek });

    const newest = [...user.activity].sort((a, b) => (a.occurredAt === b.occurredAt ? (a.id < b.id ? 1 : -1) : a.occurredAt < b.occurredAt ? 1 : -1)).slice(0, 20);
    expect(sections.activity.data.items.map((i: ModelActivity) => i.id), `${label}: activity order`).toEqual(newest.map((i) => i.id));

    const personalization = sections.personalization.data;
    expect(personalization.layout, `${label}: layout`).toEqual(user.layout);
    expect(personalization.locale, `${label}: locale`).toBe(user.locale);
    expect(personalization.insights, `${label}: insights`).toEqual(insightsFor(expected));
  }
}

describe("data consistency against an in-test model", () => {
  it(`when ${steps} random writes and events run for ${users.length} users, then after every step every section agrees with the model and with each other`, { timeout: 180_000 }, async () => {
    let agreed = 0;
    for (let step = 1; step <= steps; step++) {
      const label = `step ${step}: ${await randomStep()}`;
      for (const userId of users) await checkUser(userId, label);
      agreed++;
    }
    expect(agreed).toBe(steps);
  });
});
