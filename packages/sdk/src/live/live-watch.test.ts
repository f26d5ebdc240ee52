import { http, HttpResponse } from "msw";
import { afterEach, describe, expect, it, vi } from "vitest";
import { baseUrl, introPage, useMockServer } from "../../test/msw.js";
import { createIntroPageClient } from "../client.js";
import { watchIntroPage, type ActiveTransport } from "../poller.js";

// watchIntroPage over the page stream, against MSW answering with real streamed bodies.
const server = useMockServer();
const client = createIntroPageClient({ baseUrl, token: "t", retry: false });
const encoder = new TextEncoder();

/** A page endpoint whose content is `version`, and a stream endpoint whose open streams the test can push to or cut. */
function liveBackend(options: { streamStatus?: number } = {}) {
  let version = "v1";
  const counts = { page: 0, stream: 0 };
  let blocked = false;
  const open = new Set<ReadableStreamDefaultController<Uint8Array>>();
  server.use(
    http.get(`${baseUrl}/api/v1/intro-page/demo`, ({ request }) => {
      counts.page++;
      const etag = `W/"${version}"`;
      if (request.headers.get("If-None-Match") === etag) return new HttpResponse(null, { status: 304, headers: { ETag: etag } });
      return HttpResponse.json(introPage(version), { headers: { ETag: etag } });
    }),
    http.get(`${baseUrl}/api/v1/intro-page/demo/stream`, () => {
      counts.stream++;
      if (blocked) return HttpResponse.error();
      if (options.streamStatus) return HttpResponse.json({ status: options.streamStatus, title: "x", type: "about:blank" }, { status: options.streamStatus });
      let own: ReadableStreamDefaultController<Uint8Array>;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          own = controller;
          open.add(controller);
          controller.enqueue(encoder.encode(`retry: 50\n\nid: ${version}\nevent: sync\ndata: {"userId":"demo","etag":"W/\\"${version}\\"","sections":{"actions":"W/\\"${version}\\""}}\n\n`));
        },
        cancel() {
          open.delete(own);
        },
      });
      return new HttpResponse(body, { headers: { "Content-Type": "text/event-stream" } });
    }),
  );
  return {
    counts,
    change(next: string) {
      version = next;
      const event = `id: ${next}\nevent: change\ndata: {"userId":"demo","etag":"W/\\"${next}\\"","sections":{"actions":"W/\\"${next}\\""}}\n\n`;
      for (const controller of open) controller.enqueue(encoder.encode(event));
    },
    /** While blocked, new streams fail at the network level. */
    block(on: boolean) {
      blocked = on;
    },
    /** Cuts every open stream as a dying connection would. */
    cut() {
      for (const controller of open) controller.error(new TypeError("network"));
      open.clear();
    },
  };
}

const until = async (condition: () => boolean, timeoutMs = 3_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

afterEach(() => vi.unstubAllGlobals());

describe("watchIntroPage over the page stream", () => {
  it("when the server offers the stream, then a change event brings the new page at once and nothing polls meanwhile", async () => {
    const backend = liveBackend();
    const titles: string[] = [];
    const transports: ActiveTransport[] = [];
    const watcher = watchIntroPage(client, "demo", { intervalMs: 100, onData: (page) => titles.push(page.sections.actions!.data!.items[0]!.title), onTransportChange: (t) => transports.push(t) });
    await until(() => transports.includes("sse") && titles.length > 0);
    const pagesBefore = backend.counts.page;
    await new Promise((resolve) => setTimeout(resolve, 400)); // four poll intervals
    expect(backend.counts.page).toBe(pagesBefore);
    backend.change("v2");
    await until(() => titles.includes("v2"));
    expect(backend.counts.stream).toBe(1);
    watcher.stop();
  });

  it("when the stream breaks and cannot come back, then the watch polls, and when it can again, then polling stops", async () => {
    const backend = liveBackend();
    const titles: string[] = [];
    const transports: ActiveTransport[] = [];
    const watcher = watchIntroPage(client, "demo", { intervalMs: 50, onData: (page) => titles.push(page.sections.actions!.data!.items[0]!.title), onTransportChange: (t) => transports.push(t) });
    await until(() => transports.at(-1) === "sse");
    backend.block(true);
    backend.cut();
    backend.change("v2"); // while no stream can open: only polling can bring it
    await until(() => transports.at(-1) === "poll" && titles.includes("v2"));
    backend.block(false);
    // The stream reconnects by itself (retry: 50 ms, with backoff); then polling stops.
    await until(() => transports.at(-1) === "sse", 5_000);
    const pagesAfterReconnect = backend.counts.page;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(backend.counts.page - pagesAfterReconnect).toBeLessThanOrEqual(1); // at most the fetch the new sync asks for
    watcher.stop();
  });

  it("when the server has no stream (404), then the watch polls at its interval", async () => {
    const backend = liveBackend({ streamStatus: 404 });
    const watcher = watchIntroPage(client, "demo", { intervalMs: 50, onData: () => undefined });
    await until(() => backend.counts.page >= 4);
    expect(backend.counts.stream).toBe(1);
    watcher.stop();
  });

  it("when two tabs watch the same page, then one holds the stream, the other gets its pages, and it takes over when the first stops", async () => {
    vi.stubGlobal("document", Object.assign(new EventTarget(), { hidden: false }));
    const backend = liveBackend();
    const seen = { a: [] as string[], b: [] as string[] };
    const a = watchIntroPage(client, "demo", { intervalMs: 50, onData: (page) => seen.a.push(page.sections.actions!.data!.items[0]!.title) });
    await until(() => backend.counts.stream === 1);
    const b = watchIntroPage(client, "demo", { intervalMs: 50, onData: (page) => seen.b.push(page.sections.actions!.data!.items[0]!.title) });
    await until(() => seen.b.length > 0);
    backend.change("v2");
    await until(() => seen.a.includes("v2") && seen.b.includes("v2"));
    expect(backend.counts.stream).toBe(1);
    a.stop();
    await until(() => backend.counts.stream === 2);
    backend.change("v3");
    await until(() => seen.b.includes("v3"));
    b.stop();
  });
});
