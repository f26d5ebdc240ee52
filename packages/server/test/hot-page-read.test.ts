import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { get } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, authHeader, startHarness, type Harness } from "./support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ CORS_ORIGINS: "https://host.example" });
});
afterAll(async () => {
  await h?.close();
});

/** A GET with nothing decoded for us: status, headers and the raw bytes. */
function rawGet(path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    get(`${h.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }));
    }).on("error", reject);
  });
}

describe("the widget's poll (hot page read)", () => {
  it.each([
    ["a browser's", "gzip, deflate, br, zstd", "gzip", gunzipSync],
    ["a Brotli-only", "br", "br", brotliDecompressSync],
  ])("when a client sends %s Accept-Encoding, then the page comes compressed with Vary and the same weak ETag as identity", async (_client, acceptEncoding, coding, decode) => {
    const auth = authHeader("demo", "user");
    await rawGet("/api/v1/intro-page/demo", auth);
    const identity = await rawGet("/api/v1/intro-page/demo", auth);
    const compressed = await rawGet("/api/v1/intro-page/demo", { ...auth, "accept-encoding": acceptEncoding });
    expect(compressed.status).toBe(200);
    expect(compressed.headers["content-encoding"]).toBe(coding);
    expect(compressed.headers.vary).toContain("Accept-Encoding");
    expect(identity.headers["content-encoding"]).toBeUndefined();
    expect(compressed.headers.etag).toBe(identity.headers.etag);
    expect(decode(compressed.bytes).toString()).toBe(identity.bytes.toString());
    expect(compressed.bytes.length).toBeLessThan(identity.bytes.length / 2);
  });

  it("when a poll is answered, then it carries the request id, the rate-limit headers and the security headers of the full pipeline", async () => {
    const reply = await h.call("GET", "/api/v1/intro-page/demo", { as: as.user("demo"), headers: { "x-request-id": "poll-123" } });
    expect(reply.status).toBe(200);
    expect(reply.headers.get("x-request-id")).toBe("poll-123");
    expect(reply.headers.get("ratelimit")).toMatch(/^"read"; r=\d+; t=\d+$/);
    expect(reply.headers.get("ratelimit-policy")).toMatch(/^"read"; q=1000000;/);
    expect(reply.headers.get("content-security-policy")).toBe("default-src 'none';frame-ancestors 'none'");
    expect(reply.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("when an allowed origin polls, then the answer carries cors's headers and Vary names both Origin and Accept-Encoding", async () => {
    const reply = await rawGet("/api/v1/intro-page/demo", { ...authHeader("demo", "user"), origin: "https://host.example" });
    expect(reply.status).toBe(200);
    expect(reply.headers["access-control-allow-origin"]).toBe("https://host.example");
    expect(reply.headers["access-control-expose-headers"]).toContain("ETag");
    expect(String(reply.headers.vary).split(/\s*,\s*/)).toEqual(["Origin", "Accept-Encoding"]);
    const stranger = await rawGet("/api/v1/intro-page/demo", { ...authHeader("demo", "user"), origin: "https://elsewhere.example" });
    expect(stranger.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("when a poll names another user's page, then it is the full pipeline's 403 problem with the same headers", async () => {
    const reply = await h.call("GET", "/api/v1/intro-page/alice", { as: as.user("demo") });
    expect(reply.status).toBe(403);
    expect(reply.headers.get("content-type")).toBe("application/problem+json; charset=utf-8");
    expect(reply.headers.get("ratelimit-policy")).toMatch(/^"read"; /);
    expect(reply.headers.get("x-content-type-options")).toBe("nosniff");
    expect(reply.body.requestId).toBe(reply.headers.get("x-request-id"));
  });

  it("when the user writes after a poll, then the next poll with the old ETag gets 200 with the new data and a new ETag", async () => {
    const auth = { as: as.user("bob") };
    await h.call("GET", "/api/v1/intro-page/bob", auth);
    const kept = await h.call("GET", "/api/v1/intro-page/bob", auth);
    expect((await h.call("GET", "/api/v1/intro-page/bob", { ...auth, headers: { "if-none-match": kept.headers.get("etag")! } })).status).toBe(304);
    const locale = kept.body.sections.personalization.data.locale === "fr-FR" ? "de-DE" : "fr-FR";
    const write = await h.call("PATCH", "/api/v1/intro-page/bob/preferences", { ...auth, contentType: "application/merge-patch+json", body: { locale } });
    expect(write.status).toBe(200);
    const after = await h.call("GET", "/api/v1/intro-page/bob", { ...auth, headers: { "if-none-match": kept.headers.get("etag")! } });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(kept.headers.get("etag"));
    expect(after.body.sections.personalization.data.locale).toBe(locale);
  });

  it("when polls are served, then the metrics count them under the route template, not the raw URL", async () => {
    await h.call("GET", "/api/v1/intro-page/demo", { as: as.user("demo") });
    const metrics = await h.call("GET", "/api/v1/metrics", { as: as.admin() });
    const routes = (metrics.body.routes as Array<{ route: string; method: string }>).filter((r) => r.method === "GET").map((r) => r.route);
    expect(routes).toContain("/api/v1/intro-page/:userId");
    expect(routes.some((route) => route.includes("/demo"))).toBe(false);
  });
});
