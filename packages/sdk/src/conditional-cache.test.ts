import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { baseUrl, introPage, useMockServer } from "../test/msw.js";
import { createIntroPageClient } from "./client.js";
import { ConditionalCache, isNotModified } from "./conditional-cache.js";

const server = useMockServer();
const pageUrl = `${baseUrl}/api/v1/intro-page/:userId`;

/** A server that honours If-None-Match for one ETag per user; records each request's validator. */
function etagServer(etagOf: (userId: string) => string = () => 'W/"v1"', headers: Record<string, string> = {}) {
  const validators: (string | null)[] = [];
  server.use(
    http.get(pageUrl, ({ request, params }) => {
      const etag = etagOf(String(params.userId));
      const validator = request.headers.get("If-None-Match");
      validators.push(validator);
      if (validator === etag) return new HttpResponse(null, { status: 304, headers: { ETag: etag, "Content-Length": "0" } });
      return HttpResponse.json(introPage(etag), { headers: { ETag: etag, "Cache-Control": "private, no-cache", ...headers } });
    }),
  );
  return validators;
}

describe("conditional requests", () => {
  it("when a GET is repeated, then the ETag is sent back and the 304 yields the remembered body, marked not modified", async () => {
    const validators = etagServer();
    const client = createIntroPageClient({ baseUrl });

    const first = await client.getIntroPage({ userId: "demo" });
    const second = await client.getIntroPage({ userId: "demo" });

    expect(validators).toEqual([null, 'W/"v1"']);
    expect(second).toEqual(first);
    expect(isNotModified(first)).toBe(false);
    expect(isNotModified(second)).toBe(true);
  });

  it("when a caller mutates a returned page, then the next 304 still yields the body as the server sent it", async () => {
    etagServer();
    const client = createIntroPageClient({ baseUrl });

    const first = await client.getIntroPage({ userId: "demo" });
    first.userId = "changed by caller";
    const second = await client.getIntroPage({ userId: "demo" });

    expect(second).not.toBe(first);
    expect(second.userId).toBe("demo");
  });

  it("when the content changed (new ETag), then the new body is returned, not marked, and remembered", async () => {
    let version = 1;
    const validators = etagServer(() => `W/"v${version}"`);
    const client = createIntroPageClient({ baseUrl });

    await client.getIntroPage({ userId: "demo" });
    version = 2;
    const changed = await client.getIntroPage({ userId: "demo" });
    const again = await client.getIntroPage({ userId: "demo" });

    expect(isNotModified(changed)).toBe(false);
    expect(changed.sections.actions?.data?.items[0]?.title).toBe('W/"v2"');
    expect(validators).toEqual([null, 'W/"v1"', 'W/"v2"']);
    expect(isNotModified(again)).toBe(true);
  });

  it("when URLs differ (another user or other query), then each has its own validator", async () => {
    const validators = etagServer((userId) => `W/"${userId}"`);
    const client = createIntroPageClient({ baseUrl });

    await client.getIntroPage({ userId: "a" });
    await client.getIntroPage({ userId: "a", sections: ["actions"] });
    await client.getIntroPage({ userId: "b" });
    await client.getIntroPage({ userId: "a" });

    expect(validators).toEqual([null, null, null, 'W/"a"']);
  });

  it("when more URLs are fetched than etagCacheSize, then the least recently used one is forgotten", async () => {
    const validators = etagServer((userId) => `W/"${userId}"`);
    const client = createIntroPageClient({ baseUrl, etagCacheSize: 2 });

    await client.getIntroPage({ userId: "a" });
    await client.getIntroPage({ userId: "b" });
    await client.getIntroPage({ userId: "a" }); // a is now the most recently used
    await client.getIntroPage({ userId: "c" }); // evicts b
    validators.length = 0;
    await client.getIntroPage({ userId: "a" });
    await client.getIntroPage({ userId: "b" });

    expect(validators).toEqual(['W/"a"', null]);
  });

  it("when etagCacheSize is 0, then no validator is ever sent", async () => {
    const validators = etagServer();
    const client = createIntroPageClient({ baseUrl, etagCacheSize: 0 });

    await client.getIntroPage({ userId: "demo" });
    await client.getIntroPage({ userId: "demo" });

    expect(validators).toEqual([null, null]);
  });

  it("when a response says no-store, then it is not remembered", async () => {
    const validators = etagServer(undefined, { "Cache-Control": "no-store" });
    const client = createIntroPageClient({ baseUrl });

    await client.getIntroPage({ userId: "demo" });
    await client.getIntroPage({ userId: "demo" });

    expect(validators).toEqual([null, null]);
  });

  it("when the caller sends their own If-None-Match and gets a 304, then the call rejects with status 304 (nothing to replay)", async () => {
    etagServer();
    const client = createIntroPageClient({ baseUrl });

    await expect(client.getIntroPage({ userId: "demo" }, { headers: { "If-None-Match": 'W/"v1"' } })).rejects.toMatchObject({
      kind: "http",
      status: 304,
    });
  });
});

describe("ConditionalCache", () => {
  const entry = (etag: string) => ({ etag, body: "{}", type: "application/json" });

  it("when filled far beyond its capacity, then it holds exactly capacity entries, the most recent ones", () => {
    const cache = new ConditionalCache(50);

    for (let i = 0; i < 10_000; i++) cache.set(`/page/${i}`, entry(String(i)));

    expect(cache.size).toBe(50);
    expect(cache.get("/page/9949")).toBeUndefined();
    expect(cache.get("/page/9950")?.etag).toBe("9950");
  });

  it("when an entry is read, then it becomes the most recently used and survives the next eviction", () => {
    const cache = new ConditionalCache(2);
    cache.set("/a", entry("a"));
    cache.set("/b", entry("b"));

    cache.get("/a");
    cache.set("/c", entry("c"));

    expect(cache.get("/a")?.etag).toBe("a");
    expect(cache.get("/b")).toBeUndefined();
  });
});

describe("isNotModified", () => {
  it("when given anything that did not come from a 304, then it is false", () => {
    expect([undefined, null, "text", 1, {}, introPage()].map(isNotModified)).toEqual([false, false, false, false, false, false]);
  });
});
