import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../src/auth/principal.js";
import type { RunningServer } from "../../src/start/start-server.js";
import { assertMatchesContract } from "../../../../test/support/contract-validator.js";
import { TEST_DATABASE_URL, createTestDatabase, type TestDatabase } from "../support/database.js";
import { authHeader, request, startTestServer } from "../support/harness.js";

const SCRAPE_TOKEN = "scrape-token-0123456789abcdef";
const asRole = (role: Role) => authHeader(role === "user" ? "demo" : `${role}-1`, role);
const postJson = (headers: Record<string, string>, body: unknown): RequestInit => ({
  method: "POST",
  headers: { ...headers, "content-type": "application/json" },
  body: JSON.stringify(body),
});

describe("metrics and cache endpoints", () => {
  let server: RunningServer;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    database = TEST_DATABASE_URL ? await createTestDatabase("metrics") : undefined;
    server = await startTestServer({ DATABASE_URL: database?.url, METRICS_SCRAPE_TOKEN: SCRAPE_TOKEN });
    // Traffic for the numbers to describe: a page miss, a page hit, a 404.
    for (let i = 0; i < 2; i++) await request(`${server.url}/api/v1/intro-page/demo`, { headers: asRole("user") });
    await request(`${server.url}/api/v1/nowhere`, { headers: asRole("user") });
  });
  afterAll(async () => {
    await server?.close();
    await database?.drop();
  });

  describe("GET /api/v1/metrics", () => {
    it("when an admin asks, then the snapshot has per-route and per-section percentiles, cache ratio and process figures", async () => {
      const reply = await request(`${server.url}/api/v1/metrics`, { headers: asRole("admin") });
      expect(reply.status).toBe(200);
      assertMatchesContract("GET", "/api/v1/metrics", reply);
      const body = reply.body as { routes: Array<{ route: string; count: number; p99Ms: number }>; sections: Array<{ name: string; count: number }>; cache: { hits: number; misses: number } };
      const page = body.routes.find((r) => r.route === "/api/v1/intro-page/:userId");
      expect(page?.count).toBe(2);
      expect(page!.p99Ms).toBeGreaterThan(0);
      expect(body.routes.some((r) => r.route === "unmatched")).toBe(true);
      expect(body.sections.find((s) => s.name === "actions")!.count).toBeGreaterThanOrEqual(1);
      // Two page reads of five sections: ten lookups (hits only where the first load beat its time budget).
      expect(body.cache.hits + body.cache.misses).toBeGreaterThanOrEqual(10);
      expect(body.cache.misses).toBeGreaterThanOrEqual(1);
    });

    it.each(["user", "service"] as const)("when a %s asks, then 403 problem", async (role) => {
      const reply = await request(`${server.url}/api/v1/metrics`, { headers: asRole(role) });
      expect(reply.status).toBe(403);
      assertMatchesContract("GET", "/api/v1/metrics", reply);
    });

    it("when no token is sent, then 401 problem", async () => {
      const reply = await request(`${server.url}/api/v1/metrics`);
      expect(reply.status).toBe(401);
      assertMatchesContract("GET", "/api/v1/metrics", reply);
    });
  });

  describe("GET /metrics (Prometheus)", () => {
    it("when an admin JWT is sent, then the text exposition has latency histograms", async () => {
      const reply = await request(`${server.url}/metrics`, { headers: asRole("admin") });
      expect(reply.status).toBe(200);
      expect(reply.headers.get("content-type")).toMatch(/^text\/plain/);
      assertMatchesContract("GET", "/metrics", reply);
      expect(reply.text).toContain("# TYPE intro_page_http_request_duration_seconds histogram");
      expect(reply.text).toMatch(/intro_page_http_request_duration_seconds_bucket\{le="[^"]+",method="GET",route="\/api\/v1\/intro-page\/:userId",status="200"\}/);
      expect(reply.text).toContain("intro_page_section_duration_seconds_bucket");
    });

    it("when the configured scrape token is sent, then 200", async () => {
      const reply = await request(`${server.url}/metrics`, { headers: { authorization: `Bearer ${SCRAPE_TOKEN}` } });
      expect(reply.status).toBe(200);
    });

    it("when a wrong token or none is sent, then 401; when a user JWT is sent, then 403", async () => {
      const wrong = await request(`${server.url}/metrics`, { headers: { authorization: "Bearer not-the-token" } });
      expect(wrong.status).toBe(401);
      assertMatchesContract("GET", "/metrics", wrong);
      expect((await request(`${server.url}/metrics`)).status).toBe(401);
      const user = await request(`${server.url}/metrics`, { headers: asRole("user") });
      expect(user.status).toBe(403);
      assertMatchesContract("GET", "/metrics", user);
    });
  });

  describe("GET /api/v1/cache", () => {
    it("when an admin asks, then L1 statistics are reported and L2 is null without Redis", async () => {
      const reply = await request(`${server.url}/api/v1/cache`, { headers: asRole("admin") });
      expect(reply.status).toBe(200);
      assertMatchesContract("GET", "/api/v1/cache", reply);
      const body = reply.body as { l1: { keys: number; hitRatio: number }; l2: unknown };
      expect(body.l1.keys).toBeGreaterThan(0);
      expect(body.l2).toBeNull();
    });

    it.each(["user", "service"] as const)("when a %s asks, then 403", async (role) => {
      const reply = await request(`${server.url}/api/v1/cache`, { headers: asRole(role) });
      expect(reply.status).toBe(403);
      assertMatchesContract("GET", "/api/v1/cache", reply);
    });
  });

  describe("POST /api/v1/cache/warm and /invalidate", () => {
    it("when an admin warms known and unknown users, then the known are warmed and the unknown listed as not found", async () => {
      const reply = await request(`${server.url}/api/v1/cache/warm`, postJson(asRole("admin"), { userIds: ["alice", "nobody"] }));
      expect(reply.status).toBe(200);
      assertMatchesContract("POST", "/api/v1/cache/warm", reply);
      expect(reply.body).toMatchObject({ warmed: ["alice"], notFound: ["nobody"] });
    });

    it("when a service or user asks to warm, then 403", async () => {
      for (const role of ["service", "user"] as const) {
        const reply = await request(`${server.url}/api/v1/cache/warm`, postJson(asRole(role), { userIds: ["alice"] }));
        expect(reply.status).toBe(403);
        assertMatchesContract("POST", "/api/v1/cache/warm", reply);
      }
    });

    it("when an admin invalidates a warmed user, then that user's entries are dropped and the next read is a miss", async () => {
      await request(`${server.url}/api/v1/cache/warm`, postJson(asRole("admin"), { userIds: ["bob"], sections: ["actions", "activity"] }));
      const reply = await request(`${server.url}/api/v1/cache/invalidate`, postJson(asRole("admin"), { userId: "bob" }));
      expect(reply.status).toBe(200);
      assertMatchesContract("POST", "/api/v1/cache/invalidate", reply);
      expect(reply.body).toEqual({ invalidated: 2 });
      const page = await request(`${server.url}/api/v1/intro-page/bob?sections=actions`, { headers: asRole("admin") });
      expect((page.body as { meta: { cache: string } }).meta.cache).toBe("miss");
    });

    it("when the service role invalidates by section and then everything, then 200 each time", async () => {
      for (const body of [{ section: "system" }, { userId: "demo", section: "actions" }, { all: true }]) {
        const reply = await request(`${server.url}/api/v1/cache/invalidate`, postJson(asRole("service"), body));
        expect(reply.status).toBe(200);
        assertMatchesContract("POST", "/api/v1/cache/invalidate", reply);
      }
      const stats = await request(`${server.url}/api/v1/cache`, { headers: asRole("admin") });
      expect((stats.body as { l1: { keys: number } }).l1.keys).toBe(0);
    });

    it("when a user asks to invalidate, then 403; when the body names nothing, then 400 problem", async () => {
      const user = await request(`${server.url}/api/v1/cache/invalidate`, postJson(asRole("user"), { all: true }));
      expect(user.status).toBe(403);
      assertMatchesContract("POST", "/api/v1/cache/invalidate", user);
      const empty = await request(`${server.url}/api/v1/cache/invalidate`, postJson(asRole("admin"), {}));
      expect(empty.status).toBe(400);
      assertMatchesContract("POST", "/api/v1/cache/invalidate", empty);
    });
  });
});
