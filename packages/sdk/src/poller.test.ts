import { http, HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flushIo, useFakeClock } from "../test/fake-clock.js";
import { baseUrl, introPage, problem, problemHeaders, useMockServer } from "../test/msw.js";
import { createIntroPageClient } from "./client.js";
import type { IntroPageError } from "./errors.js";
import { watchIntroPage } from "./poller.js";
import type { IntroPage } from "./types.js";

const server = useMockServer();
const pageUrl = `${baseUrl}/api/v1/intro-page/demo`;
let t0 = 0;

/** Moves the fake clock to `ms` after the test began, letting MSW answer before and after. */
async function at(ms: number) {
  await flushIo();
  await vi.advanceTimersByTimeAsync(t0 + ms - Date.now());
  await flushIo();
}

/**
 * A server answering each poll from `script` in turn ("v1"… = 200 with that
 * ETag, honouring If-None-Match; a number = that error status), recording when each poll arrived.
 */
function scripted(script: (string | number)[], headers: Record<string, string> = {}) {
  const arrivals: number[] = [];
  const urls: URL[] = [];
  server.use(
    // These suites are about polling: a server without the page stream, which the watch then polls.
    http.get(`${pageUrl}/stream`, () => HttpResponse.json(problem(404, "Not found"), { status: 404, headers: problemHeaders({}) })),
    http.get(pageUrl, ({ request }) => {
      arrivals.push(Date.now() - t0);
      urls.push(new URL(request.url));
      const step = script[Math.min(arrivals.length, script.length) - 1]!;
      if (typeof step === "number") return HttpResponse.json(problem(step, "Failed"), { status: step, headers: problemHeaders(headers) });
      const etag = `W/"${step}"`;
      if (request.headers.get("If-None-Match") === etag) return new HttpResponse(null, { status: 304, headers: { ETag: etag } });
      return HttpResponse.json(introPage(step), { headers: { ETag: etag } });
    }),
  );
  return { arrivals, urls };
}

/** Collects what the watcher reports. */
function recorder() {
  const data: string[] = [];
  const errors: IntroPageError[] = [];
  return {
    data,
    errors,
    onData: (page: IntroPage) => data.push(page.sections.actions!.data!.items[0]!.title),
    onError: (error: IntroPageError) => errors.push(error),
  };
}

/**
 * A stand-in for `document`: an EventTarget with a settable `hidden`. Node has
 * Web Locks and BroadcastChannel, so with it the watch would share across
 * "tabs"; the visibility tests watch alone (tabs: src/live/live-watch.test.ts).
 */
class FakeDocument extends EventTarget {
  hidden = false;
  setHidden(hidden: boolean) {
    this.hidden = hidden;
    this.dispatchEvent(new Event("visibilitychange"));
  }
}

describe("watchIntroPage", () => {
  beforeEach(() => {
    useFakeClock();
    t0 = Date.now();
  });
  afterEach(async () => {
    await flushIo();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  const client = () => createIntroPageClient({ baseUrl, retry: false });

  it("when started, then it polls at once and every intervalMs, calling onData only when the page changed", async () => {
    const { arrivals } = scripted(["v1", "v1", "v2", "v2"]);
    const seen = recorder();

    const watcher = watchIntroPage(client(), "demo", { intervalMs: 1000, ...seen });
    for (const ms of [0, 1000, 2000, 3000]) await at(ms);
    watcher.stop();

    expect(arrivals).toEqual([0, 1000, 2000, 3000]);
    expect(seen.data).toEqual(["v1", "v2"]);
    expect(seen.errors).toEqual([]);
  });

  it("when the client already holds the page (its first poll is a 304), then onData still gets it once", async () => {
    const { arrivals } = scripted(["v1"]);
    const shared = client();
    await shared.getIntroPage({ userId: "demo" });
    const seen = recorder();

    const watcher = watchIntroPage(shared, "demo", { intervalMs: 1000, ...seen });
    for (const ms of [0, 1000, 2000]) await at(ms);
    watcher.stop();

    expect(arrivals).toHaveLength(4);
    expect(seen.data).toEqual(["v1"]);
  });

  it("when sections are given, then each poll asks for them", async () => {
    const { urls } = scripted(["v1"]);

    const watcher = watchIntroPage(client(), "demo", { intervalMs: 1000, sections: ["actions"], onData() {} });
    await at(0);
    watcher.stop();

    expect(urls[0]?.searchParams.get("sections")).toBe("actions");
  });

  it("when polls fail, then it backs off exponentially with jitter and returns to the interval after a success", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.5); // jitter factor 0.5 + 0.5/2 = 0.75
    const { arrivals } = scripted(["v1", 503, 503, "v2", "v2"]);
    const seen = recorder();

    const watcher = watchIntroPage(client(), "demo", { intervalMs: 1000, ...seen });
    // ok at 0; fail at 1000; +0.75·2000; fail; +0.75·4000; ok; +1000
    for (const ms of [0, 1000, 2500, 5500, 6500]) await at(ms);
    watcher.stop();

    expect(arrivals).toEqual([0, 1000, 2500, 5500, 6500]);
    expect(seen.errors.map((e) => e.status)).toEqual([503, 503]);
    expect(seen.data).toEqual(["v1", "v2"]);
  });

  it("when backoff would exceed maxBackoffMs, then the wait is capped (before jitter)", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.999);
    const { arrivals } = scripted([503]);

    const watcher = watchIntroPage(client(), "demo", { intervalMs: 1000, maxBackoffMs: 1500, onData() {}, onError() {} });
    for (const ms of [0, 1499, 2998]) await at(ms);
    watcher.stop();

    expect(arrivals).toEqual([0, 1499, 2998]); // 0.9995 · min(1500, 2000|4000)
  });

  it("when a failure carries Retry-After longer than the backoff, then the next poll waits for it", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    const { arrivals } = scripted([429, "v1"], { "Retry-After": "10" });

    const watcher = watchIntroPage(client(), "demo", { intervalMs: 1000, onData() {}, onError() {} });
    await at(0);
    await at(9999);
    expect(arrivals).toEqual([0]);
    await at(10_000);
    watcher.stop();

    expect(arrivals).toEqual([0, 10_000]);
  });

  it("when the tab is hidden, then polling pauses, and when visible again it polls at once and resumes the interval", async () => {
    const document = new FakeDocument();
    vi.stubGlobal("document", document);
    const { arrivals } = scripted(["v1", "v2", "v2"]);
    const seen = recorder();

    const watcher = watchIntroPage(client(), "demo", { intervalMs: 1000, shareAcrossTabs: false, ...seen });
    await at(0);
    document.setHidden(true);
    await at(10_000);
    expect(arrivals).toEqual([0]);

    document.setHidden(false);
    await at(10_000);
    await at(11_000);
    watcher.stop();

    expect(arrivals).toEqual([0, 10_000, 11_000]);
    expect(seen.data).toEqual(["v1", "v2"]);
  });

  it("when the tab is hidden while a poll is in flight, then that poll completes but schedules no next one", async () => {
    const document = new FakeDocument();
    vi.stubGlobal("document", document);
    const { arrivals } = scripted(["v1"]);
    const seen = recorder();

    const watcher = watchIntroPage(client(), "demo", { intervalMs: 1000, shareAcrossTabs: false, ...seen });
    document.setHidden(true);
    await at(5000);
    watcher.stop();

    expect(arrivals).toEqual([0]);
    expect(seen.data).toEqual(["v1"]);
  });

  it("when refresh() is called, then it polls at once and the interval restarts from there", async () => {
    const { arrivals } = scripted(["v1", "v2", "v3"]);
    const seen = recorder();

    const watcher = watchIntroPage(client(), "demo", { intervalMs: 1000, ...seen });
    await at(400);
    await watcher.refresh();
    await at(1000);
    expect(arrivals).toEqual([0, 400]);
    await at(1400);
    watcher.stop();

    expect(arrivals).toEqual([0, 400, 1400]);
    expect(seen.data).toEqual(["v1", "v2", "v3"]);
  });

  it("when refresh() is called while a poll is in flight, then the older poll is cancelled and only the newer one reports", async () => {
    let polls = 0;
    server.use(
      http.get(pageUrl, async ({ request }) => {
        polls++;
        if (polls === 1) await new Promise<void>((resolve) => request.signal.addEventListener("abort", () => resolve()));
        return HttpResponse.json(introPage(`poll ${polls}`));
      }),
    );
    const seen = recorder();

    const watcher = watchIntroPage(client(), "demo", { intervalMs: 1000, ...seen });
    await flushIo(() => polls > 0);
    await watcher.refresh();
    watcher.stop();

    expect(seen.data).toEqual(["poll 2"]);
    expect(seen.errors).toEqual([]);
  });

  it("when intervalMs is 0, then it polls once on start and otherwise only on refresh()", async () => {
    const { arrivals } = scripted(["v1", "v2"]);

    const watcher = watchIntroPage(client(), "demo", { intervalMs: 0, shareAcrossTabs: false, onData() {} });
    await at(60_000);
    await watcher.refresh();
    await at(120_000);
    watcher.stop();

    expect(arrivals).toEqual([0, 60_000]);
  });

  it("when intervalMs is 0 and the tab becomes visible again, then nothing is polled", async () => {
    const document = new FakeDocument();
    vi.stubGlobal("document", document);
    const { arrivals } = scripted(["v1"]);

    const watcher = watchIntroPage(client(), "demo", { intervalMs: 0, shareAcrossTabs: false, onData() {} });
    await at(0);
    document.setHidden(true);
    document.setHidden(false);
    await at(1000);
    watcher.stop();

    expect(arrivals).toEqual([0]);
  });

  it("when stop() is called mid-poll, then the poll is cancelled, no callback runs and no timer or listener is left", async () => {
    const document = new FakeDocument();
    vi.stubGlobal("document", document);
    const removed = vi.spyOn(document, "removeEventListener");
    const requests: Request[] = [];
    const quiet = createIntroPageClient({
      baseUrl,
      fetch: (input) =>
        new Promise<Response>((_, reject) => {
          const request = input as Request;
          requests.push(request);
          request.signal.addEventListener("abort", () => reject(request.signal.reason));
        }),
    });
    const seen = recorder();

    const watcher = watchIntroPage(quiet, "demo", { intervalMs: 1000, transport: "poll", ...seen });
    await flushIo(() => requests.length > 0);
    watcher.stop();
    await at(10_000);

    expect(requests).toHaveLength(1);
    expect(requests[0]?.signal.aborted).toBe(true);
    expect(seen.data).toEqual([]);
    expect(seen.errors).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
    expect(removed).toHaveBeenCalledWith("visibilitychange", expect.any(Function));
  });

  it("when the given signal aborts, then the watcher stops", async () => {
    const { arrivals } = scripted(["v1"]);
    const controller = new AbortController();

    watchIntroPage(client(), "demo", { intervalMs: 1000, onData() {}, signal: controller.signal });
    await at(0);
    controller.abort();
    await at(5000);

    expect(arrivals).toEqual([0]);
  });

  it("when the given signal is already aborted, then nothing is fetched", async () => {
    const { arrivals } = scripted(["v1"]);

    watchIntroPage(client(), "demo", { intervalMs: 1000, onData() {}, signal: AbortSignal.abort() });
    await at(5000);

    expect(arrivals).toEqual([]);
  });
});
