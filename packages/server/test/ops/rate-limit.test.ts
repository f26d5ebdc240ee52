import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../src/start/start-server.js";
import { assertMatchesContract } from "../../../../test/support/contract-validator.js";
import { TEST_DATABASE_URL, createTestDatabase, type TestDatabase } from "../support/database.js";
import { authHeader, request, startTestServer } from "../support/harness.js";

const READ_LIMIT = 3;
const WRITE_LIMIT = 2;

describe("rate limits (per-instance memory store)", () => {
  let server: RunningServer;
  let database: TestDatabase | undefined;
  const read = (subject: string) => request(`${server.url}/api/v1/intro-page/${subject}/statistics`, { headers: authHeader(subject, "user") });
  const write = (subject: string) =>
    request(`${server.url}/api/v1/intro-page/${subject}/preferences`, {
      method: "PATCH",
      headers: { ...authHeader(subject, "user"), "content-type": "application/merge-patch+json" },
      body: JSON.stringify({ locale: "en-GB" }),
    });

  beforeAll(async () => {
    database = TEST_DATABASE_URL ? await createTestDatabase("ratelimit") : undefined;
    server = await startTestServer({ DATABASE_URL: database?.url, RATE_LIMIT_READ: String(READ_LIMIT), RATE_LIMIT_WRITE: String(WRITE_LIMIT), RATE_LIMIT_WINDOW_S: "60" });
  });
  afterAll(async () => {
    await server?.close();
    await database?.drop();
  });

  it("when a read is answered, then draft-8 RateLimit and RateLimit-Policy headers name the read budget", async () => {
    const reply = await read("alice");
    expect(reply.status).toBe(200);
    expect(reply.headers.get("ratelimit-policy")).toMatch(new RegExp(`^"read"; q=${READ_LIMIT}; w=60`));
    expect(reply.headers.get("ratelimit")).toMatch(new RegExp(`^"read"; r=${READ_LIMIT - 1}; t=\\d+`));
    expect(reply.headers.get("x-ratelimit-limit")).toBeNull();
  });

  it("when a subject exceeds its read budget, then 429 problem+json with Retry-After; other subjects and the write budget are untouched", async () => {
    for (let i = 0; i < READ_LIMIT; i++) expect((await read("bob")).status).toBe(200);
    const limited = await read("bob");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("content-type")).toContain("application/problem+json");
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect(limited.headers.get("ratelimit")).toMatch(/^"read"; r=0;/);
    expect(limited.body).toMatchObject({
      type: "https://intro-page.dev/problems/rate-limited",
      title: "Too many requests",
      status: 429,
      detail: expect.stringMatching(/^Read limit of 3 requests per 60 s exceeded; retry in \d+ s\.$/),
      instance: "/api/v1/intro-page/bob/statistics",
      requestId: limited.headers.get("x-request-id"),
    });
    assertMatchesContract("GET", "/api/v1/intro-page/{userId}/statistics", limited);

    expect((await read("carol")).status).toBe(200);
    const bobWrites = await write("bob");
    expect(bobWrites.status).toBe(200);
    expect(bobWrites.headers.get("ratelimit-policy")).toMatch(/^"write"; q=2; w=60/);
  });

  it("when polls of the page (answered before Express) and other reads add up past the budget, then the poll gets the same 429 with the security and rate-limit headers", async () => {
    const poll = () => request(`${server.url}/api/v1/intro-page/dave`, { headers: authHeader("dave", "user") });
    expect((await read("dave")).status).toBe(200);
    const first = await poll();
    expect(first.status).toBe(200);
    expect(first.headers.get("ratelimit")).toMatch(new RegExp(`^"read"; r=${READ_LIMIT - 2}; t=\\d+$`));
    expect(first.headers.get("ratelimit-policy")).toBe((await read("dave")).headers.get("ratelimit-policy"));
    const limited = await poll();
    expect(limited.status).toBe(429);
    expect(limited.headers.get("ratelimit")).toMatch(/^"read"; r=0;/);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.headers.get("x-content-type-options")).toBe("nosniff");
    expect(limited.body).toMatchObject({ status: 429, instance: "/api/v1/intro-page/dave", requestId: limited.headers.get("x-request-id") });
    assertMatchesContract("GET", "/api/v1/intro-page/{userId}", limited);
  });

  it("when a subject exceeds its write budget, then the next write is 429 naming the write limit", async () => {
    for (let i = 0; i < WRITE_LIMIT; i++) expect((await write("dave")).status).toBe(200);
    const limited = await write("dave");
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ detail: expect.stringMatching(/^Write limit of 2 requests per 60 s exceeded/) });
    assertMatchesContract("PATCH", "/api/v1/intro-page/{userId}/preferences", limited);
  });

  it("when requests carry no valid token, then they are counted by client IP and refused with 429 once over budget", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < READ_LIMIT + 1; i++) {
      statuses.push((await request(`${server.url}/api/v1/intro-page/demo`, { headers: { authorization: "Bearer forged.token.value" } })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it("when requests were refused, then the 429 count shows in the metrics", async () => {
    const snapshot = await request(`${server.url}/api/v1/metrics`, { headers: authHeader("ops", "admin") });
    expect((snapshot.body as { rateLimited: number }).rateLimited).toBeGreaterThanOrEqual(3);
  });
});
