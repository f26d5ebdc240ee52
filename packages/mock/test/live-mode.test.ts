import { afterAll, describe, expect, it, vi } from "vitest";
import { as, useMockApi } from "./support/mock-api.js";

// Fake only the interval timer, before the mock starts its live timer.
vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
afterAll(() => vi.useRealTimers());

const activity = "/api/v1/intro-page/demo/activity?limit=1";

describe("live mode", () => {
  const { mock, call } = useMockApi({ live: { intervalMs: 5_000 } });

  it("when the interval passes, then new activity appears and the old ETag no longer matches", async () => {
    const before = await call("GET", activity, { headers: as.demo });
    vi.advanceTimersByTime(5_000);
    const after = await call("GET", activity, { headers: { ...as.demo, "if-none-match": before.headers.get("etag")! } });
    expect(after.status).toBe(200);
    expect(after.body.data.items[0].id).not.toBe(before.body.data.items[0].id);
    expect(after.body.data.items[0].id).toMatch(/^live_/);
  });

  it("when users have no activity, then live mode leaves their empty state alone", async () => {
    vi.advanceTimersByTime(15_000);
    expect((await call("GET", "/api/v1/intro-page/new-user/activity", { headers: as.newUser })).body.data.items).toEqual([]);
  });

  it("when live mode is stopped, then no more activity appears", async () => {
    mock.stopLive();
    const before = await call("GET", activity, { headers: as.demo });
    vi.advanceTimersByTime(60_000);
    const after = await call("GET", activity, { headers: { ...as.demo, "if-none-match": before.headers.get("etag")! } });
    expect(after.status).toBe(304);
  });
});
