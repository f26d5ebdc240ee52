// A page load's sections share the reads they have in common and run them as one statement
// (domain/sections/page-reads.ts, data-access/combined-reads.ts): counted at the repositories and at the
// connection pool, over the file's own database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sectionKey } from "../src/cache/cache-keys.js";
import { SectionCache } from "../src/cache/section-cache.js";
import { createRepositories, type Repositories } from "../src/data-access/repositories.js";
import { Coordinator } from "../src/domain/coordinator.js";
import { envelopeText } from "../src/domain/section-envelope.js";
import { createSectionServices } from "../src/domain/sections/index.js";
import { sectionNames } from "../src/vocabulary/section-names.js";
import { as, startHarness, type Harness } from "./support/harness.js";
import { statementsDuring } from "./support/statements.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** The repositories with every method call counted as `repository.method`. */
function counted(repositories: Repositories) {
  const calls = new Map<string, number>();
  const wrap = <T extends object>(name: string, target: T): T =>
    new Proxy(target, {
      get(object, property, receiver) {
        const value = Reflect.get(object, property, receiver);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) => {
          calls.set(`${name}.${String(property)}`, (calls.get(`${name}.${String(property)}`) ?? 0) + 1);
          return (value as (...a: unknown[]) => unknown).apply(object, args);
        };
      },
    });
  const wrapped = Object.fromEntries(Object.entries(repositories).map(([name, repo]) => [name, name === "sequelize" ? repo : wrap(name, repo)])) as unknown as Repositories;
  return { repositories: wrapped, calls };
}

function coordinatorOver(repositories: Repositories) {
  const cache = new SectionCache({ ttls: { statistics: 60, actions: 60, activity: 60, personalization: 60, system: 60 }, staleTtlSeconds: 600, maxKeys: 1000, maxBytes: 2 ** 20 });
  const coordinator = new Coordinator({ sections: createSectionServices(repositories), cache, timeoutMs: 5000, breaker: { errorThresholdPercentage: 50, volumeThreshold: 100, resetTimeoutMs: 1000 } });
  return { coordinator, cache, close: () => (coordinator.close(), cache.close()) };
}

describe("a page load's shared reads", () => {
  it("when every section misses, then the user's row and the item summary are read once for the whole page", async () => {
    const { repositories, calls } = counted(createRepositories(h.running.deps.database.sequelize));
    const { coordinator, close } = coordinatorOver(repositories);
    try {
      const page = await coordinator.page("demo", sectionNames);
      expect(JSON.parse(page.body.toString()).meta).toMatchObject({ cache: "miss", degraded: false });
      expect(calls.get("users.record")).toBe(1);
      expect(calls.get("actionItems.summary")).toBe(1);
      expect(calls.get("actionItems.openItems")).toBe(1);
      expect(calls.get("preferences.stored")).toBe(1);
      expect(calls.get("activity.summary")).toBe(1);
      expect(calls.get("activity.feed")).toBe(1);
    } finally {
      close();
    }
  });

  it("when every section but the shared system one misses, then the user's sections are read in one statement", async () => {
    const { sequelize } = h.running.deps.database;
    const { coordinator, close } = coordinatorOver(createRepositories(sequelize));
    try {
      // Another user's page first: the shared system section (other tables) stays cached, and the activity
      // repository has probed which actor shape the schema has (once per process).
      await coordinator.page("alice", sectionNames);
      const { result: page, statements } = await statementsDuring(sequelize, () => coordinator.page("demo", sectionNames));
      expect(JSON.parse(page.body.toString()).meta).toMatchObject({ cache: "partial", degraded: false });
      expect(statements).toBe(1);
    } finally {
      close();
    }
  });

  it("when several users' pages miss in the same turn, then they are read in one statement, each page with its own user's data", async () => {
    const { sequelize } = h.running.deps.database;
    const { coordinator, close } = coordinatorOver(createRepositories(sequelize));
    const alone = coordinatorOver(createRepositories(sequelize));
    try {
      const users = ["demo", "alice", "bob"];
      // Another user's page first: the shared system section stays cached and the actor shape has been probed, so
      // only the users' own reads are left to run.
      await coordinator.page("carol", sectionNames);
      const { result: pages, statements } = await statementsDuring(sequelize, () => Promise.all(users.map((user) => coordinator.page(user, sectionNames))));
      expect(statements).toBe(1);
      for (const [i, user] of users.entries()) {
        const page = JSON.parse(pages[i]!.body.toString());
        expect(page.meta.degraded, user).toBe(false);
        const own = JSON.parse((await alone.coordinator.page(user, sectionNames)).body.toString());
        for (const name of sectionNames) expect(page.sections[name].data, `${user} ${name}`).toEqual(own.sections[name].data);
      }
    } finally {
      close();
      alone.close();
    }
  });

  it("when the page is read in one statement, then each section holds what it holds when loaded on its own", async () => {
    const { sequelize } = h.running.deps.database;
    const together = coordinatorOver(createRepositories(sequelize));
    const alone = coordinatorOver(createRepositories(sequelize));
    try {
      const page = JSON.parse((await together.coordinator.page("demo", sectionNames)).body.toString());
      for (const name of sectionNames) {
        const section = await alone.coordinator.section("demo", name);
        expect(page.sections[name].data, name).toEqual(JSON.parse(envelopeText(section)).data);
      }
      expect(page.sections.actions.data.items.length).toBeGreaterThan(1);
      expect(page.sections.activity.data.items.length).toBeGreaterThan(1);
    } finally {
      together.close();
      alone.close();
    }
  });

  it("when the page checks that its user exists, then the check is the row the sections read anyway: read once, in the page's one statement", async () => {
    const { sequelize } = h.running.deps.database;
    const { repositories, calls } = counted(createRepositories(sequelize));
    const { coordinator, close } = coordinatorOver(repositories);
    try {
      // Another user's page first: the shared system section stays cached and the actor shape has been probed.
      await coordinator.page("alice", sectionNames);
      calls.clear();
      const { result, statements } = await statementsDuring(sequelize, () => coordinator.page("demo", sectionNames, { confirmUser: repositories.users }));
      const page = JSON.parse(result.body.toString());
      expect(page.meta).toMatchObject({ cache: "partial", degraded: false });
      expect(statements).toBe(1);
      expect(calls.get("users.record")).toBe(1);
      expect(page.sections.personalization.data.displayName).toBe((await repositories.users.find("demo"))!.displayName);
    } finally {
      close();
    }
  });

  it("when the page checks a user who does not exist, then it rejects with 404 and caches none of their sections", async () => {
    const repositories = createRepositories(h.running.deps.database.sequelize);
    const { coordinator, cache, close } = coordinatorOver(repositories);
    try {
      await expect(coordinator.page("nobody-here", sectionNames, { confirmUser: repositories.users })).rejects.toMatchObject({ status: 404 });
      for (const name of sectionNames) expect(cache.peek(sectionKey("nobody-here", name)), name).toBeUndefined();
      // Without the check (a caller that knows the user exists) the same sections are cached: the check is what held them back.
      await coordinator.page("nobody-here", sectionNames);
      expect(sectionNames.filter((name) => cache.peek(sectionKey("nobody-here", name)) !== undefined)).toEqual([...sectionNames]);
    } finally {
      close();
    }
  });

  it("when a page is read, then actions, personalization and statistics agree on the open, urgent and overdue counts", async () => {
    const { body } = await h.call("GET", "/api/v1/intro-page/demo?fresh=true", { as: as.admin() });
    const { actions, personalization, statistics } = body.sections;
    const metric = (key: string) => statistics.data.metrics.find((m: { key: string }) => m.key === key).value;
    expect(actions.data.total).toBeGreaterThan(0);
    expect([metric("openItems"), metric("urgentItems"), metric("overdueItems")]).toEqual([actions.data.total, actions.data.urgent, actions.data.overdue]);
    const urgent = personalization.data.insights.find((insight: { id: string }) => insight.id === "urgent");
    expect(urgent?.message ?? "").toContain(String(actions.data.urgent));
  });

  it("when a section is read on its own, then it reads what it needs itself", async () => {
    const { repositories, calls } = counted(createRepositories(h.running.deps.database.sequelize));
    const { coordinator, close } = coordinatorOver(repositories);
    try {
      const result = await coordinator.section("demo", "personalization");
      expect(result.status).toBe("ok");
      expect([calls.get("users.record"), calls.get("actionItems.summary"), calls.get("preferences.stored")]).toEqual([1, 1, 1]);
    } finally {
      close();
    }
  });
});
