import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../src/start/start-server.js";
import { assertMatchesContract } from "../../../../test/support/contract-validator.js";
import { TEST_DATABASE_URL, createTestDatabase, type TestDatabase } from "../support/database.js";
import { authHeader, request, startTestServer } from "../support/harness.js";

const ALLOWED = "https://app.example.com";
const STRANGER = "https://evil.example.net";

describe("hardening", () => {
  let server: RunningServer;
  let proxied: RunningServer;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    database = TEST_DATABASE_URL ? await createTestDatabase("hardening") : undefined;
    const common = { DATABASE_URL: database?.url, CORS_ORIGINS: `${ALLOWED}, https://other.example.org`, BODY_LIMIT: "1kb", RATE_LIMIT_READ: "2" };
    server = await startTestServer(common);
    proxied = await startTestServer({ ...common, SEED_DEMO: "false", TRUST_PROXY: "loopback" });
  });
  afterAll(async () => {
    await Promise.all([server?.close(), proxied?.close()]);
    await database?.drop();
  });

  it("when any API response is sent, then helmet's security headers are on it, with a CSP that loads nothing", async () => {
    const reply = await request(`${server.url}/api/v1/health/live`);
    expect(reply.headers.get("content-security-policy")).toBe("default-src 'none';frame-ancestors 'none'");
    expect(reply.headers.get("x-content-type-options")).toBe("nosniff");
    expect(reply.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    expect(reply.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(reply.headers.get("referrer-policy")).toBe("no-referrer");
    expect(reply.headers.get("x-powered-by")).toBeNull();
  });

  it("when an allowed origin preflights a request with Authorization, then it is allowed with the SDK's headers", async () => {
    const reply = await request(`${server.url}/api/v1/intro-page/demo`, {
      method: "OPTIONS",
      headers: { origin: ALLOWED, "access-control-request-method": "GET", "access-control-request-headers": "authorization,if-none-match" },
    });
    expect(reply.status).toBe(204);
    expect(reply.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(reply.headers.get("access-control-allow-headers")).toMatch(/Authorization/);
    expect(reply.headers.get("access-control-allow-headers")).toMatch(/If-None-Match/);
    expect(reply.headers.get("access-control-allow-credentials")).toBeNull();
    expect(reply.headers.get("vary")).toMatch(/Origin/);
  });

  it("when an allowed origin reads its page, then the response is readable cross-origin with ETag and rate-limit headers exposed", async () => {
    const reply = await request(`${server.url}/api/v1/intro-page/demo`, { headers: { origin: ALLOWED, ...authHeader("demo", "user") } });
    expect(reply.status).toBe(200);
    expect(reply.headers.get("access-control-allow-origin")).toBe(ALLOWED);
    expect(reply.headers.get("access-control-expose-headers")).toBe("ETag,X-Request-Id,RateLimit,RateLimit-Policy,Retry-After");
  });

  it("when another origin preflights or reads, then no CORS header is sent, so the browser refuses", async () => {
    const preflight = await request(`${server.url}/api/v1/intro-page/demo`, {
      method: "OPTIONS",
      headers: { origin: STRANGER, "access-control-request-method": "GET", "access-control-request-headers": "authorization" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    expect(preflight.headers.get("access-control-allow-headers")).toBeNull();
    const read = await request(`${server.url}/api/v1/health/live`, { headers: { origin: STRANGER } });
    expect(read.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("when a body is larger than BODY_LIMIT, then 413 problem", async () => {
    const reply = await request(`${server.url}/api/v1/events`, {
      method: "POST",
      headers: { ...authHeader("svc", "service"), "content-type": "application/json" },
      body: JSON.stringify({ events: [], padding: "x".repeat(2048) }),
    });
    expect(reply.status).toBe(413);
    assertMatchesContract("POST", "/api/v1/events", reply);
  });

  it("when a body is not JSON, then 415 problem before anything parses it", async () => {
    const reply = await request(`${server.url}/api/v1/cache/invalidate`, {
      method: "POST",
      headers: { ...authHeader("admin", "admin"), "content-type": "text/plain" },
      body: "all",
    });
    expect(reply.status).toBe(415);
    expect(reply.body).toMatchObject({ detail: "Content-Type text/plain is not accepted; send application/json." });
    assertMatchesContract("POST", "/api/v1/cache/invalidate", reply);
  });

  it("when trust proxy is off (the default), then X-Forwarded-For cannot pick a fresh rate-limit key", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const reply = await request(`${server.url}/api/v1/intro-page/demo`, { headers: { authorization: "Bearer x", "x-forwarded-for": `203.0.113.${i}` } });
      statuses.push(reply.status);
    }
    // Earlier refusals from this address may already count; either way, fresh forwarded addresses did not help.
    expect(statuses.at(-1)).toBe(429);
  });

  it("when trust proxy names the balancer, then each forwarded client has its own budget", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const reply = await request(`${proxied.url}/api/v1/intro-page/demo`, { headers: { authorization: "Bearer x", "x-forwarded-for": `203.0.113.${i}` } });
      statuses.push(reply.status);
    }
    expect(statuses).toEqual([401, 401, 401]);
  });
});
