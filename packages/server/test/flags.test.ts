import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, startHarness, type Harness, type Reply } from "./support/harness.js";

/**
 * Feature flags on one instance over a real database: the admin API
 * (validation, optimistic concurrency, audit trail), the kill switch on the
 * page and its ETag, targeting through the page, and the evaluation metric.
 */
describe("feature flags", () => {
  let h: Harness;
  const admin = as.admin("ops-alice");

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const readFlag = (key: string) => h.call("GET", `/api/v1/flags/${key}`, { as: admin });
  const patchFlag = (key: string, body: unknown, etag: string | null, caller = admin) =>
    h.call("PATCH", `/api/v1/flags/${key}`, { as: caller, body, contentType: "application/merge-patch+json", headers: etag ? { "if-match": etag } : {} });
  /** Reads the flag, then patches it with the ETag just read. */
  const change = async (key: string, body: unknown): Promise<Reply> => {
    const current = await readFlag(key);
    const reply = await patchFlag(key, body, current.headers.get("etag"));
    expect(reply.status, reply.text).toBe(200);
    return reply;
  };
  const page = (userId: string, headers: Record<string, string> = {}) => h.call("GET", `/api/v1/intro-page/${userId}`, { as: as.user(userId), headers });

  it("when an admin lists the flags, then every section has a flag and actions.ordering offers both orderings", async () => {
    const reply = await h.call("GET", "/api/v1/flags", { as: admin });
    expect(reply.status).toBe(200);
    expect(reply.body.provider).toBe("builtin");
    const keys = reply.body.flags.map((flag: { key: string }) => flag.key);
    expect(keys).toEqual(expect.arrayContaining(["section.personalization", "section.actions", "section.statistics", "section.activity", "section.system", "actions.ordering"]));
    const ordering = reply.body.flags.find((flag: { key: string }) => flag.key === "actions.ordering");
    expect(ordering.allowedValues).toEqual(["priority-first", "due-first"]);
  });

  it("when a user (not an admin) calls the flags API, then 403", async () => {
    expect((await h.call("GET", "/api/v1/flags", { as: as.user("demo") })).status).toBe(403);
    expect((await patchFlag("section.system", { enabled: false }, '"1"', as.user("demo"))).status).toBe(403);
  });

  it("when a section's kill switch is thrown, then the page omits it at once, its ETag changes, and turning it back restores both", async () => {
    const before = await page("alice");
    expect(Object.keys(before.body.sections)).toContain("system");
    const etagBefore = before.headers.get("etag")!;
    expect((await page("alice", { "if-none-match": etagBefore })).status).toBe(304);

    await change("section.system", { enabled: false });
    const off = await page("alice", { "if-none-match": etagBefore });
    expect(off.status).toBe(200);
    expect(Object.keys(off.body.sections)).toEqual(["personalization", "actions", "statistics", "activity"]);
    expect(off.headers.get("etag")).not.toBe(etagBefore);
    // Asked for explicitly, a switched-off section is still left out of the page.
    const subset = await h.call("GET", "/api/v1/intro-page/alice?sections=system,actions", { as: as.user("alice") });
    expect(Object.keys(subset.body.sections)).toEqual(["actions"]);

    await change("section.system", { enabled: true });
    const on = await page("alice");
    expect(Object.keys(on.body.sections)).toContain("system");
    expect(on.headers.get("etag")).toBe(etagBefore);
  });

  it("when a rule targets one user id, then only that user's page changes and only that user's ETag moves", async () => {
    const [carolBefore, bobBefore] = [await page("carol"), await page("bob")];
    await change("section.statistics", { rules: [{ description: "carol only", match: { userIds: ["carol"] }, value: false }] });
    const [carol, bob] = [await page("carol"), await page("bob", { "if-none-match": bobBefore.headers.get("etag")! })];
    expect(Object.keys(carol.body.sections)).not.toContain("statistics");
    expect(carol.headers.get("etag")).not.toBe(carolBefore.headers.get("etag"));
    expect(bob.status).toBe(304);
    await change("section.statistics", { rules: [] });
  });

  it("when a rule targets a locale and a role, then the request's Accept-Language and the caller's roles decide", async () => {
    await change("section.activity", { rules: [{ match: { locales: ["de"], roles: ["user"] }, value: false }] });
    const german = await page("bob", { "accept-language": "de-AT,de;q=0.9,en;q=0.5" });
    const english = await page("bob", { "accept-language": "en-US" });
    const adminInGerman = await h.call("GET", "/api/v1/intro-page/bob", { as: admin, headers: { "accept-language": "de" } });
    expect(Object.keys(german.body.sections)).not.toContain("activity");
    expect(Object.keys(english.body.sections)).toContain("activity");
    expect(Object.keys(adminInGerman.body.sections)).toContain("activity");
    await change("section.activity", { rules: [] });
  });

  it("when actions.ordering serves due-first to a user, then their items come soonest-due first and others keep priority order", async () => {
    const dueOf = (item: { dueAt?: string }) => (item.dueAt ? Date.parse(item.dueAt) : Number.POSITIVE_INFINITY);
    const rank = { urgent: 4, high: 3, normal: 2, low: 1 } as const;
    const before = await page("demo");
    await change("actions.ordering", { rules: [{ match: { userIds: ["demo"] }, value: "due-first" }] });
    const demo = await page("demo");
    const items = demo.body.sections.actions.data.items as Array<{ dueAt?: string; priority: keyof typeof rank }>;
    expect(items.length).toBeGreaterThan(2);
    for (let i = 1; i < items.length; i++) expect(dueOf(items[i]!)).toBeGreaterThanOrEqual(dueOf(items[i - 1]!));
    expect(demo.headers.get("etag")).not.toBe(before.headers.get("etag"));
    // The section read on its own is ordered the same way.
    const section = await h.call("GET", "/api/v1/intro-page/demo/actions", { as: as.user("demo") });
    expect(section.body.data.items).toEqual(items);
    const alice = (await page("alice")).body.sections.actions.data.items as Array<{ priority: keyof typeof rank }>;
    for (let i = 1; i < alice.length; i++) expect(rank[alice[i]!.priority]).toBeLessThanOrEqual(rank[alice[i - 1]!.priority]);
    await change("actions.ordering", { rules: [] });
    expect((await page("demo")).body.sections.actions.data.items).toEqual(before.body.sections.actions.data.items);
  });

  it("when two operators update with the same ETag, then the second gets 412 with the current ETag and the flag keeps the first change", async () => {
    const read = await readFlag("section.personalization");
    const etag = read.headers.get("etag")!;
    expect(etag).toBe(`"${read.body.version}"`);
    const first = await patchFlag("section.personalization", { rules: [{ match: { roles: ["service"] }, value: false }] }, etag);
    expect(first.status).toBe(200);
    const second = await patchFlag("section.personalization", { enabled: false }, etag);
    expect(second.status).toBe(412);
    expect(second.headers.get("content-type")).toContain("application/problem+json");
    expect(second.body.type).toBe("https://intro-page.dev/problems/precondition-failed");
    expect(second.headers.get("etag")).toBe(first.headers.get("etag"));
    const after = await readFlag("section.personalization");
    expect(after.body.enabled).toBe(true);
    expect(after.body.rules).toHaveLength(1);
    await change("section.personalization", { rules: [] });
  });

  it("when the If-Match header is missing, a wildcard or weak, then 428 and nothing changes", async () => {
    const before = await readFlag("section.actions");
    for (const etag of [null, "*", `W/"${before.body.version}"`]) {
      const reply = await patchFlag("section.actions", { enabled: false }, etag);
      expect(reply.status).toBe(428);
      expect(reply.body.type).toBe("https://intro-page.dev/problems/precondition-required");
    }
    expect((await readFlag("section.actions")).body).toEqual(before.body);
  });

  it("when the input is bad (unknown flag, percentage over 100, malformed rule, wrong value type), then the right 4xx problem and the flag unchanged", async () => {
    const before = await readFlag("actions.ordering");
    const etag = before.headers.get("etag")!;
    const unknown = await patchFlag("section.nope", { enabled: false }, '"1"');
    expect(unknown.status).toBe(404);
    expect((await readFlag("section.nope")).status).toBe(404);
    const cases: Array<[unknown, number]> = [
      [{ rules: [{ percentage: 101, value: "due-first" }] }, 400],
      [{ rules: [{ percentage: -1, value: "due-first" }] }, 400],
      [{ rules: [{ match: { colour: ["red"] }, value: "due-first" }] }, 400],
      [{ rules: [{ match: {}, value: "due-first" }] }, 400],
      [{ rules: [{ percentage: 50 }] }, 400],
      [{ enabled: "no" }, 400],
      [{}, 400],
      [{ defaultValue: true }, 422],
      [{ rules: [{ percentage: 50, value: "random-order" }] }, 422],
    ];
    for (const [body, status] of cases) {
      const reply = await patchFlag("actions.ordering", body, etag);
      expect(reply.status, JSON.stringify(body)).toBe(status);
      expect(reply.headers.get("content-type")).toContain("application/problem+json");
    }
    const invalid = await patchFlag("actions.ordering", { defaultValue: "random-order" }, etag);
    expect(invalid.body.errors).toEqual([{ pointer: "/body/defaultValue", detail: "must be one of priority-first, due-first" }]);
    expect((await readFlag("actions.ordering")).body).toEqual(before.body);
  });

  it("when a flag changes, then its audit trail records who, when, from what and to what, newest first, and the trail cannot be rewritten", async () => {
    const started = Date.now();
    await change("section.system", { enabled: false });
    await change("section.system", { enabled: true, rules: [{ percentage: 5, value: false }] });
    const audit = await h.call("GET", "/api/v1/flags/section.system/audit?limit=2", { as: admin });
    expect(audit.status).toBe(200);
    const [latest, previous] = audit.body.items;
    expect(latest.changedBy).toBe("ops-alice");
    expect(Date.parse(latest.changedAt)).toBeGreaterThanOrEqual(started - 1_000);
    expect(latest.from).toEqual({ enabled: false, offValue: false, defaultValue: true, rules: [] });
    expect(latest.to).toEqual({ enabled: true, offValue: false, defaultValue: true, rules: [{ percentage: 5, value: false }] });
    expect(previous.to.enabled).toBe(false);
    expect(latest.id).toBeGreaterThan(previous.id);
    expect(latest.requestId).toEqual(expect.any(String));
    await change("section.system", { rules: [] });
    expect((await h.call("GET", "/api/v1/flags/section.nope/audit", { as: admin })).status).toBe(404);

    if (h.database.url) {
      const client = new pg.Client({ connectionString: h.database.url });
      await client.connect();
      try {
        await expect(client.query("UPDATE feature_flag_audit SET changed_by = 'mallory'")).rejects.toThrow(/append-only/);
        await expect(client.query("DELETE FROM feature_flag_audit")).rejects.toThrow(/append-only/);
      } finally {
        await client.end();
      }
    }
  });

  it("when pages are read, then the metrics count evaluations per flag and variant", async () => {
    await change("section.system", { enabled: false });
    await page("carol");
    await page("carol");
    await change("section.system", { enabled: true });
    const metrics = await h.call("GET", "/metrics", { as: admin });
    const count = (flag: string, variant: string) =>
      Number(new RegExp(`intro_page_flag_evaluations_total\\{flag="${flag.replace(".", "\\.")}",variant="${variant}"\\} (\\d+)`).exec(metrics.text)?.[1] ?? 0);
    expect(count("section.system", "off")).toBeGreaterThanOrEqual(2);
    expect(count("section.system", "on")).toBeGreaterThan(0);
    expect(count("actions.ordering", "priority-first")).toBeGreaterThan(0);
  });
});
