import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, startHarness, type Harness } from "./support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe("GET /api/v1/intro-page/{userId}", () => {
  it("when the demo user reads their page, then all five sections are ok with a weak ETag and no-cache", async () => {
    const reply = await h.call("GET", "/api/v1/intro-page/demo", { as: as.user("demo") });
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body.sections)).toEqual(["personalization", "actions", "statistics", "activity", "system"]);
    for (const section of Object.values(reply.body.sections) as Array<{ status: string }>) expect(section.status).toBe("ok");
    expect(reply.headers.get("etag")).toMatch(/^W\/".+"$/);
    expect(reply.headers.get("cache-control")).toBe("private, no-cache");
    expect(reply.headers.get("x-request-id")).toBeTruthy();
    expect(reply.body.meta.degraded).toBe(false);
  });

  it("when the page is read twice, then the second read is a cache hit with the same ETag", async () => {
    const first = await h.call("GET", "/api/v1/intro-page/alice", { as: as.user("alice") });
    const second = await h.call("GET", "/api/v1/intro-page/alice", { as: as.user("alice") });
    expect(second.body.meta.cache).toBe("hit");
    expect(second.headers.get("etag")).toBe(first.headers.get("etag"));
    expect(second.body.generatedAt >= first.body.generatedAt).toBe(true);
  });

  it("when If-None-Match carries the current ETag, then the reply is 304 with no body", async () => {
    const first = await h.call("GET", "/api/v1/intro-page/demo", { as: as.user("demo") });
    const again = await h.call("GET", "/api/v1/intro-page/demo", { as: as.user("demo"), headers: { "if-none-match": first.headers.get("etag")! } });
    expect(again.status).toBe(304);
    expect(again.text).toBe("");
    expect(again.headers.get("etag")).toBe(first.headers.get("etag"));
  });

  it("when sections= names a subset in any order, then exactly those come back in canonical order", async () => {
    const reply = await h.call("GET", "/api/v1/intro-page/demo?sections=system,actions", { as: as.user("demo") });
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.body.sections)).toEqual(["actions", "system"]);
  });

  it("when an admin asks for fresh=true, then every section is recomputed (cache miss)", async () => {
    await h.call("GET", "/api/v1/intro-page/bob", { as: as.admin() });
    const reply = await h.call("GET", "/api/v1/intro-page/bob?fresh=true", { as: as.admin() });
    expect(reply.status).toBe(200);
    expect(reply.body.meta.cache).toBe("miss");
  });

  it("when a user asks for fresh=true, then 403", async () => {
    const reply = await h.call("GET", "/api/v1/intro-page/demo?fresh=true", { as: as.user("demo") });
    expect(reply.status).toBe(403);
    expect(reply.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  });

  it("when a user reads another user's page, then 403 (even for users that do not exist)", async () => {
    expect((await h.call("GET", "/api/v1/intro-page/alice", { as: as.user("demo") })).status).toBe(403);
    expect((await h.call("GET", "/api/v1/intro-page/ghost", { as: as.user("demo") })).status).toBe(403);
  });

  it("when an admin reads a user that does not exist, then 404 problem naming the user", async () => {
    const reply = await h.call("GET", "/api/v1/intro-page/ghost", { as: as.admin() });
    expect(reply.status).toBe(404);
    expect(reply.body.detail).toContain("ghost");
    expect(reply.body.requestId).toBe(reply.headers.get("x-request-id"));
  });

  it("when no token is sent, then 401 with a Bearer challenge", async () => {
    const reply = await h.call("GET", "/api/v1/intro-page/demo");
    expect(reply.status).toBe(401);
    expect(reply.headers.get("www-authenticate")).toMatch(/^Bearer realm="intro-page"/);
  });

  it("when sections= holds an unknown section, then 400 pointing at the bad entry", async () => {
    const reply = await h.call("GET", "/api/v1/intro-page/demo?sections=statistics,weather", { as: as.user("demo") });
    expect(reply.status).toBe(400);
    expect(reply.body.errors.map((e: { pointer: string }) => e.pointer)).toContain("/query/sections/1");
  });

  it("when the userId breaks the contract's pattern, then 400 naming the path parameter", async () => {
    const reply = await h.call("GET", "/api/v1/intro-page/no%20spaces", { as: as.admin() });
    expect(reply.status).toBe(400);
    expect(reply.body.errors[0].pointer).toBe("/path/userId");
  });

  it("when a well-formed X-Request-Id is sent, then it is echoed in the header and the problem", async () => {
    const reply = await h.call("GET", "/api/v1/intro-page/ghost", { as: as.admin(), headers: { "x-request-id": "trace-123.abc" } });
    expect(reply.headers.get("x-request-id")).toBe("trace-123.abc");
    expect(reply.body.requestId).toBe("trace-123.abc");
  });

  it("when a malformed X-Request-Id is sent, then a fresh id replaces it", async () => {
    const reply = await h.call("GET", "/api/v1/intro-page/demo", { as: as.user("demo"), headers: { "x-request-id": "bad id with spaces" } });
    expect(reply.headers.get("x-request-id")).not.toBe("bad id with spaces");
    expect(reply.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});
