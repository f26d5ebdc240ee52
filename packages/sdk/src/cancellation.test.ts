import { http, HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flushIo, settle, useFakeClock } from "../test/fake-clock.js";
import { baseUrl, introPage, problem, problemHeaders, useMockServer } from "../test/msw.js";
import { createIntroPageClient } from "./client.js";
import { IntroPageError } from "./errors.js";

const server = useMockServer();
const pageUrl = `${baseUrl}/api/v1/intro-page/demo`;

/** A handler that answers only once the request was aborted (too late); counts requests. */
function hang() {
  let requests = 0;
  server.use(
    http.get(pageUrl, async ({ request }) => {
      requests++;
      await new Promise((resolve) => request.signal.addEventListener("abort", resolve));
      return HttpResponse.json(introPage());
    }),
  );
  return () => requests;
}

/**
 * A plain fetch that never answers but, like the real one, rejects when its
 * request's signal aborts. Timer counts are asserted with it rather than MSW,
 * whose interceptor keeps timers of its own around an aborted request.
 */
function silentFetch() {
  const requests: Request[] = [];
  const fetch = (input: RequestInfo | URL) =>
    new Promise<Response>((_, reject) => {
      const request = input as Request;
      requests.push(request);
      request.signal.addEventListener("abort", () => reject(request.signal.reason));
    });
  return { fetch, requests };
}

describe("timeouts and cancellation", () => {
  beforeEach(() => useFakeClock());
  afterEach(async () => {
    // Let MSW finish with aborted requests while this test's clock still catches its timers.
    await flushIo();
    vi.useRealTimers();
  });

  it("when the signal is already aborted, then the call rejects as aborted and sends nothing", async () => {
    const requests = hang();
    const client = createIntroPageClient({ baseUrl });

    const error = await client.getIntroPage({ userId: "demo" }, { signal: AbortSignal.abort("gone") }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IntroPageError);
    expect(error).toMatchObject({ kind: "aborted", cause: "gone" });
    expect(requests()).toBe(0);
  });

  it("when the signal aborts mid-request, then the call rejects as aborted at once", async () => {
    const requests = hang();
    const client = createIntroPageClient({ baseUrl });
    const controller = new AbortController();
    const call = client.getIntroPage({ userId: "demo" }, { signal: controller.signal }).catch((e: unknown) => e);
    await flushIo(() => requests() > 0);

    controller.abort();

    await expect(call).resolves.toMatchObject({ kind: "aborted" });
  });

  it("when the signal aborts mid-request, then no timer is left running and fetch saw the abort", async () => {
    const silent = silentFetch();
    const client = createIntroPageClient({ baseUrl, fetch: silent.fetch });
    const controller = new AbortController();
    const call = client.getIntroPage({ userId: "demo" }, { signal: controller.signal }).catch((e: unknown) => e);
    await flushIo(() => silent.requests.length > 0);

    controller.abort();

    await expect(call).resolves.toMatchObject({ kind: "aborted" });
    expect(vi.getTimerCount()).toBe(0);
    expect(silent.requests[0]?.signal.aborted).toBe(true);
  });

  it("when an attempt takes longer than timeoutMs, then the call rejects as timeout", async () => {
    const requests = hang();
    const client = createIntroPageClient({ baseUrl, timeoutMs: 2000, retry: false });

    const { error } = await settle(client.getIntroPage({ userId: "demo" }));

    expect(error).toMatchObject({ kind: "timeout", message: "No response within 2000 ms" });
    expect(Date.now() - new Date("2026-11-25T10:00:00.000Z").getTime()).toBe(2000);
    expect(requests()).toBe(1);
  });

  it("when an attempt times out, then no timer is left running and fetch saw the abort", async () => {
    const silent = silentFetch();
    const client = createIntroPageClient({ baseUrl, fetch: silent.fetch, timeoutMs: 2000, retry: false });

    const { error } = await settle(client.getIntroPage({ userId: "demo" }));

    expect(error).toMatchObject({ kind: "timeout" });
    expect(vi.getTimerCount()).toBe(0);
    expect(silent.requests[0]?.signal.aborted).toBe(true);
  });

  it("when a GET times out, then it is retried like a network failure", async () => {
    const requests = hang();
    const client = createIntroPageClient({ baseUrl, timeoutMs: 1000, retry: { maxAttempts: 2 } });

    const { error } = await settle(client.getIntroPage({ userId: "demo" }));

    expect(error).toMatchObject({ kind: "timeout" });
    expect(requests()).toBe(2);
  });

  it("when the signal aborts during the backoff wait, then the call rejects as aborted without another attempt and no timer is left", async () => {
    const requests: Request[] = [];
    const fetch = async (input: RequestInfo | URL) => {
      requests.push(input as Request);
      return Response.json(problem(503, "Unavailable"), { status: 503, headers: problemHeaders({ "Retry-After": "5" }) });
    };
    const client = createIntroPageClient({ baseUrl, fetch });
    const controller = new AbortController();
    const call = client.getIntroPage({ userId: "demo" }, { signal: controller.signal }).catch((e: unknown) => e);
    await flushIo(() => vi.getTimerCount() > 0);
    expect(vi.getTimerCount()).toBe(1); // the 5 s wait

    controller.abort();

    await expect(call).resolves.toMatchObject({ kind: "aborted" });
    expect(requests).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("when a custom fetch ignores the signal, then an abort still rejects the call at once", async () => {
    const client = createIntroPageClient({ baseUrl, fetch: () => new Promise<Response>(() => {}) });
    const controller = new AbortController();
    const call = client.getIntroPage({ userId: "demo" }, { signal: controller.signal }).catch((e: unknown) => e);
    await flushIo();

    controller.abort();

    await expect(call).resolves.toMatchObject({ kind: "aborted" });
    expect(vi.getTimerCount()).toBe(0);
  });

  it("when the token provider never settles, then an abort still rejects at once and the timeout still applies", async () => {
    const silent = silentFetch();
    const client = createIntroPageClient({ baseUrl, fetch: silent.fetch, tokenProvider: () => new Promise<string>(() => {}), timeoutMs: 3000, retry: false });
    const controller = new AbortController();
    const aborted = client.getIntroPage({ userId: "demo" }, { signal: controller.signal }).catch((e: unknown) => e);
    await flushIo();

    controller.abort();

    await expect(aborted).resolves.toMatchObject({ kind: "aborted" });
    await expect(settle(client.getIntroPage({ userId: "demo" }))).resolves.toMatchObject({ error: { kind: "timeout" } });
    expect(silent.requests).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("when a call succeeds, then it leaves no timer and no abort listener behind", async () => {
    const client = createIntroPageClient({ baseUrl, fetch: async () => Response.json(introPage()) });
    const signal = new AbortController().signal;
    const added = vi.spyOn(signal, "addEventListener");
    const removed = vi.spyOn(signal, "removeEventListener");

    await settle(client.getIntroPage({ userId: "demo" }, { signal }));

    expect(vi.getTimerCount()).toBe(0);
    expect(removed.mock.calls.map(([type, listener]) => [type, listener])).toEqual(added.mock.calls.map(([type, listener]) => [type, listener]));
  });
});
