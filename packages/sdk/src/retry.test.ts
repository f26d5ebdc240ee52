import { http, HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flushIo, settle, useFakeClock } from "../test/fake-clock.js";
import { baseUrl, introPage, problem, problemHeaders, useMockServer } from "../test/msw.js";
import { createIntroPageClient } from "./client.js";
import type { OperationId } from "./types.js";

const server = useMockServer();
const pageUrl = `${baseUrl}/api/v1/intro-page/demo`;

/** Answers with `statuses` in turn (then 200), recording when (fake clock) each request arrived. */
function answerInTurn(statuses: number[], headers: Record<string, string> = {}) {
  const arrivals: number[] = [];
  const start = Date.now();
  server.use(
    http.get(pageUrl, () => {
      arrivals.push(Date.now() - start);
      const status = statuses[arrivals.length - 1];
      if (status === undefined) return HttpResponse.json(introPage());
      if (status === 0) return HttpResponse.error();
      return HttpResponse.json(problem(status, "Failed"), { status, headers: problemHeaders(headers) });
    }),
  );
  return arrivals;
}

describe("retries", () => {
  beforeEach(() => {
    useFakeClock();
  });
  afterEach(async () => {
    await flushIo();
    vi.useRealTimers();
  });

  it("when a GET keeps failing with 503, then it is attempted maxAttempts times with full-jitter exponential backoff", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    const arrivals = answerInTurn([503, 503, 503]);
    const client = createIntroPageClient({ baseUrl, retry: { baseDelayMs: 1000 } });

    const { error } = await settle(client.getIntroPage({ userId: "demo" }));

    // Waits are random() · min(maxDelayMs, base · 2^(n-1)): 0.5 · 1000, then 0.5 · 2000.
    expect(arrivals).toEqual([0, 500, 1500]);
    expect(error).toMatchObject({ kind: "http", status: 503 });
  });

  it("when random() draws 0.9, then each wait is 0.9 of its step and maxDelayMs caps the step", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.9);
    const arrivals = answerInTurn([503, 503, 503]);
    const client = createIntroPageClient({ baseUrl, retry: { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 1500 } });

    const { value } = await settle(client.getIntroPage({ userId: "demo" }));

    expect(value).toEqual(introPage());
    const waits = arrivals.slice(1).map((at, i) => at - arrivals[i]!);
    // 0.9 · min(1500, 1000), 0.9 · min(1500, 2000), 0.9 · min(1500, 4000)
    expect(waits).toEqual([900, 1350, 1350]);
  });

  it("when random() draws 0, then the retries follow at once (full jitter reaches down to zero)", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    const arrivals = answerInTurn([503, 503]);
    const client = createIntroPageClient({ baseUrl });

    await settle(client.getIntroPage({ userId: "demo" }));

    expect(arrivals).toEqual([0, 0, 0]);
  });

  it("when the server sends Retry-After in seconds, then the retry waits exactly that long", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5);
    const arrivals = answerInTurn([429], { "Retry-After": "2" });
    const client = createIntroPageClient({ baseUrl });

    const { value } = await settle(client.getIntroPage({ userId: "demo" }));

    expect(value).toEqual(introPage());
    expect(arrivals).toEqual([0, 2000]);
  });

  it("when the server sends Retry-After as an HTTP date, then the retry waits until then", async () => {
    const arrivals = answerInTurn([503], { "Retry-After": new Date(Date.now() + 3000).toUTCString() });
    const client = createIntroPageClient({ baseUrl });

    await settle(client.getIntroPage({ userId: "demo" }));

    expect(arrivals[1]).toBe(3000);
  });

  it("when Retry-After would end beyond the budget, then the call fails at once and reports retryAfter", async () => {
    const arrivals = answerInTurn([503], { "Retry-After": "60" });
    const client = createIntroPageClient({ baseUrl, retry: { budgetMs: 30_000 } });

    const { error } = await settle(client.getIntroPage({ userId: "demo" }));

    expect(arrivals).toEqual([0]);
    expect(error).toMatchObject({ status: 503, retryAfter: 60 });
  });

  it.each([429, 502, 503, 504])("when a GET gets %i once, then it is retried and succeeds", async (status) => {
    const arrivals = answerInTurn([status]);
    const client = createIntroPageClient({ baseUrl });

    const { value } = await settle(client.getIntroPage({ userId: "demo" }));

    expect(value).toEqual(introPage());
    expect(arrivals).toHaveLength(2);
  });

  it("when a GET meets a network error once, then it is retried and succeeds", async () => {
    const arrivals = answerInTurn([0]);
    const client = createIntroPageClient({ baseUrl });

    const { value } = await settle(client.getIntroPage({ userId: "demo" }));

    expect(value).toEqual(introPage());
    expect(arrivals).toHaveLength(2);
  });

  it.each([400, 403, 404, 409, 422, 500])("when a GET gets %i, then it is not retried", async (status) => {
    const arrivals = answerInTurn([status, status, status]);
    const client = createIntroPageClient({ baseUrl });

    const { error } = await settle(client.getIntroPage({ userId: "demo" }));

    expect(error).toMatchObject({ kind: "http", status });
    expect(arrivals).toHaveLength(1);
  });

  it("when retry is false, then a 503 fails after one attempt", async () => {
    const arrivals = answerInTurn([503]);
    const client = createIntroPageClient({ baseUrl, retry: false });

    const { error } = await settle(client.getIntroPage({ userId: "demo" }));

    expect(error).toMatchObject({ status: 503 });
    expect(arrivals).toHaveLength(1);
  });

  describe("which operations retry", () => {
    const outcome = { id: "act_1", state: "completed", at: "2026-11-25T10:00:00.000Z" };
    const cases: [OperationId, "post" | "patch", string, boolean][] = [
      ["completeAction", "post", "/api/v1/intro-page/demo/actions/act_1/complete", true],
      ["dismissAction", "post", "/api/v1/intro-page/demo/actions/act_1/dismiss", true],
      ["postEvents", "post", "/api/v1/events", true],
      ["updatePreferences", "patch", "/api/v1/intro-page/demo/preferences", false],
      ["invalidateCache", "post", "/api/v1/cache/invalidate", false],
      ["warmCache", "post", "/api/v1/cache/warm", false],
    ];

    it.each(cases)("when %s gets a 503, then it is retried: %s %s → %s", async (operation, method, path, retried) => {
      let requests = 0;
      server.use(
        http[method](`${baseUrl}${path}`, () =>
          ++requests === 1
            ? HttpResponse.json(problem(503, "Unavailable"), { status: 503, headers: problemHeaders() })
            : HttpResponse.json(outcome),
        ),
      );
      const client = createIntroPageClient({ baseUrl });
      const call = client[operation] as (params: object) => Promise<unknown>;

      const { error } = await settle(call({ userId: "demo", itemId: "act_1", body: { events: [], userIds: [], all: true } }));

      expect(requests).toBe(retried ? 2 : 1);
      expect(error === undefined).toBe(retried);
    });
  });
});
