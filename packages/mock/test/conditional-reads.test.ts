import { describe, expect, it } from "vitest";
import { as, useMockApi } from "./support/mock-api.js";

const page = "/api/v1/intro-page";

describe("ETag and If-None-Match", () => {
  const { call } = useMockApi();

  for (const path of [`${page}/demo`, `${page}/demo/statistics`, `${page}/demo/actions`, `${page}/demo/activity`, `${page}/demo/personalization`, "/api/v1/system/overview"]) {
    it(`when ${path} is read again with its ETag, then the answer is 304 with the same ETag and no body`, async () => {
      const first = await call("GET", path, { headers: as.demo });
      const etag = first.headers.get("etag")!;
      expect(etag).toMatch(/^W\/".+"$/);
      expect(first.headers.get("cache-control")).toBe("private, no-cache");
      const second = await call("GET", path, { headers: { ...as.demo, "if-none-match": etag } });
      expect(second.status).toBe(304);
      expect(second.body).toBe("");
      expect(second.headers.get("etag")).toBe(etag);
    });
  }

  it("when only volatile metadata changes between reads, then the ETag stays the same", async () => {
    const first = await call("GET", `${page}/demo`, { headers: as.demo });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await call("GET", `${page}/demo`, { headers: as.demo });
    expect(second.body.generatedAt >= first.body.generatedAt).toBe(true);
    expect(second.headers.get("etag")).toBe(first.headers.get("etag"));
  });

  it("when the data changes, then the old ETag no longer matches and the new page is sent", async () => {
    const first = await call("GET", `${page}/demo`, { headers: as.demo });
    const item = first.body.sections.actions.data.items[0];
    await call("POST", `${page}/demo/actions/${item.id}/dismiss`, { headers: as.demo });
    const second = await call("GET", `${page}/demo`, { headers: { ...as.demo, "if-none-match": first.headers.get("etag")! } });
    expect(second.status).toBe(200);
    expect(second.headers.get("etag")).not.toBe(first.headers.get("etag"));
  });

  it("when If-None-Match lists several tags or a strong form of the tag, then a match still gives 304", async () => {
    const first = await call("GET", `${page}/demo/actions`, { headers: as.demo });
    const etag = first.headers.get("etag")!;
    const listed = await call("GET", `${page}/demo/actions`, { headers: { ...as.demo, "if-none-match": `W/"other", ${etag}` } });
    const strong = await call("GET", `${page}/demo/actions`, { headers: { ...as.demo, "if-none-match": etag.slice(2) } });
    expect([listed.status, strong.status]).toEqual([304, 304]);
  });
});

describe("headers on every response", () => {
  const { call } = useMockApi();

  it("when a request carries a well-formed X-Request-Id, then it is echoed in the header and the problem", async () => {
    const response = await call("GET", `${page}/alice`, { headers: { ...as.demo, "x-request-id": "trace-123" } });
    expect(response.headers.get("x-request-id")).toBe("trace-123");
    expect(response.body.requestId).toBe("trace-123");
  });

  it("when a request carries no X-Request-Id, then each response gets a fresh one", async () => {
    const a = await call("GET", "/api/v1/health/live");
    const b = await call("GET", "/api/v1/health/live");
    expect(a.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.headers.get("x-request-id")).not.toBe(b.headers.get("x-request-id"));
  });

  it("when reads are rate-limited, then RateLimit headers count the remaining quota down", async () => {
    const first = await call("GET", `${page}/demo/actions`, { headers: as.demo });
    const second = await call("GET", `${page}/demo/actions`, { headers: as.demo });
    expect(first.headers.get("ratelimit-policy")).toBe('"read";q=120;w=60');
    const remaining = (value: string | null) => Number(/r=(\d+)/.exec(value ?? "")?.[1]);
    expect(remaining(second.headers.get("ratelimit"))).toBe(remaining(first.headers.get("ratelimit")) - 1);
  });
});
