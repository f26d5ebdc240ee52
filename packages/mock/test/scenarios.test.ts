import { afterEach, describe, expect, it, vi } from "vitest";
import { createIntroPageMock, createMockToken, scenarioNames } from "../src/index.js";
import { as, origin, useMockApi } from "./support/mock-api.js";

const page = "/api/v1/intro-page";

describe("scenarios", () => {
  const { mock, call } = useMockApi({ latencyMs: 300 });
  afterEach(() => vi.useRealTimers());

  it("when the mock starts, then it plays the default scenario and lists its fixture users", () => {
    expect(mock.scenario).toBe("default");
    expect(mock.users).toEqual(["demo", "alice", "bob", "new-user"]);
    expect(scenarioNames).toEqual(["default", "empty", "slow", "degraded", "server-error", "unauthorized", "rate-limited", "offline"]);
  });

  it("when an unknown scenario is chosen, then setScenario and createIntroPageMock throw", () => {
    expect(() => mock.setScenario("chaos" as never)).toThrow(/Unknown scenario "chaos"/);
    expect(() => createIntroPageMock({ scenario: "nope" as never })).toThrow(TypeError);
  });

  it("when the scenario is empty, then every user looks new: no items, no activity, no history, no announcements", async () => {
    mock.setScenario("empty");
    const { body } = await call("GET", `${page}/demo`, { headers: as.demo });
    expect(body.sections.actions.data).toEqual({ items: [], total: 0, urgent: 0, overdue: 0 });
    expect(body.sections.activity.data).toEqual({ items: [], nextCursor: null });
    expect(body.sections.statistics.data).toMatchObject({ productivityScore: 0, streakDays: 0, lastActiveAt: null });
    expect(body.sections.personalization.data).toMatchObject({ displayName: "Dana Demo", insights: [] });
    expect(body.sections.system.data.announcements).toEqual([]);
    expect(body.meta.degraded).toBe(false);
  });

  it("when the new-user fixture is read in the default scenario, then it is empty too", async () => {
    const { body } = await call("GET", `${page}/new-user`, { headers: as.newUser });
    expect(body.sections.actions.data.total).toBe(0);
    expect(body.sections.activity.data.items).toEqual([]);
    expect(body.sections.personalization.data.welcomeMessage).toContain("Welcome aboard");
  });

  it("when the scenario is degraded, then some sections are stale and some unavailable with an error, on the page and on their own", async () => {
    mock.setScenario("degraded");
    const { body } = await call("GET", `${page}/demo`, { headers: as.demo });
    const statuses = Object.fromEntries(Object.entries<{ status: string }>(body.sections).map(([name, section]) => [name, section.status]));
    expect(statuses).toEqual({ statistics: "unavailable", actions: "ok", activity: "stale", personalization: "ok", system: "unavailable" });
    expect(body.sections.activity.data.items.length).toBeGreaterThan(0);
    expect(body.sections.activity.error.code).toBe("timeout");
    expect(body.sections.system).toMatchObject({ data: null, error: { code: "circuit_open" } });
    expect(body.meta).toMatchObject({ degraded: true });
    const statistics = await call("GET", `${page}/demo/statistics`, { headers: as.demo });
    expect(statistics.status).toBe(200);
    expect(statistics.body).toMatchObject({ status: "unavailable", data: null, error: { code: "error" } });
    const health = await call("GET", "/api/v1/health");
    expect(health.body.status).toBe("degraded");
    expect(health.body.sections.find((section: { name: string }) => section.name === "system").circuit).toBe("open");
  });

  it("when the scenario is server-error, then authed and public operations answer 500 problem+json", async () => {
    mock.setScenario("server-error");
    for (const [path, headers] of [[`${page}/demo`, as.demo], ["/api/v1/health/live", {}]] as const) {
      const response = await call("GET", path, { headers });
      expect(response.status).toBe(500);
      expect(response.body).toMatchObject({ status: 500, title: "Internal server error" });
    }
  });

  it("when the scenario is unauthorized, then even a valid token gets 401 while public endpoints still answer", async () => {
    mock.setScenario("unauthorized");
    const refused = await call("GET", `${page}/demo`, { headers: as.demo });
    expect(refused.status).toBe(401);
    expect(refused.headers.get("www-authenticate")).toContain("invalid_token");
    expect((await call("GET", "/api/v1/health")).status).toBe(200);
  });

  it("when the scenario is rate-limited, then rate-limited operations answer 429 with Retry-After and RateLimit headers", async () => {
    mock.setScenario("rate-limited");
    const read = await call("GET", `${page}/demo`, { headers: as.demo });
    expect(read.status).toBe(429);
    expect(read.headers.get("retry-after")).toBe("30");
    expect(read.headers.get("ratelimit")).toBe('"read";r=0;t=30');
    expect(read.headers.get("ratelimit-policy")).toBe('"read";q=120;w=60');
    const write = await call("POST", `${page}/demo/actions/act_x/complete`, { headers: as.demo });
    expect(write.headers.get("ratelimit-policy")).toBe('"write";q=60;w=60');
    expect((await call("GET", "/api/v1/health/live")).status).toBe(200);
  });

  it("when the scenario is offline, then fetch fails with a network error", async () => {
    mock.setScenario("offline");
    await expect(fetch(`${origin}${page}/demo`, { headers: as.demo })).rejects.toThrow(TypeError);
  });

  it("when the scenario is slow, then the response arrives only after latencyMs", async () => {
    mock.setScenario("slow");
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    let settled = false;
    const pending = fetch(`${origin}/api/v1/health/live`).then((response) => {
      settled = true;
      return response;
    });
    await vi.advanceTimersByTimeAsync(299);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).status).toBe(200);
  });

  it("when the scenario is switched back to default, then the data written meanwhile is still there", async () => {
    const token = { authorization: `Bearer ${createMockToken({ sub: "bob" })}` };
    const [item] = (await call("GET", `${page}/bob/actions`, { headers: token })).body.data.items;
    mock.setScenario("degraded");
    await call("POST", `${page}/bob/actions/${item.id}/complete`, { headers: token });
    mock.setScenario("default");
    const after = (await call("GET", `${page}/bob/actions`, { headers: token })).body.data.items;
    expect(after.map((open: { id: string }) => open.id)).not.toContain(item.id);
  });
});
