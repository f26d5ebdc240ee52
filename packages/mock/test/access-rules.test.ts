import { describe, expect, it } from "vitest";
import { createMockToken } from "../src/index.js";
import { as, useMockApi } from "./support/mock-api.js";

const page = "/api/v1/intro-page";

describe("authentication and roles", () => {
  const { call } = useMockApi();

  it("when no token is sent, then the answer is 401 problem+json with a bearer challenge", async () => {
    const response = await call("GET", `${page}/demo`);
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(response.headers.get("www-authenticate")).toBe('Bearer realm="intro-page"');
  });

  it("when the token has expired, then the answer is 401 with invalid_token", async () => {
    const response = await call("GET", `${page}/demo`, { headers: as.expired });
    expect(response.status).toBe(401);
    expect(response.body.detail).toBe("The token has expired.");
    expect(response.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("when the token is not a JWT, then the answer is 401", async () => {
    const response = await call("GET", `${page}/demo`, { headers: { authorization: "Bearer not-a-jwt" } });
    expect(response.status).toBe(401);
    expect(response.body.detail).toBe("The bearer token is malformed.");
  });

  it("when a user reads another user's page or section, then the answer is 403", async () => {
    for (const suffix of ["", "/statistics", "/actions", "/activity", "/personalization"]) {
      expect((await call("GET", `${page}/alice${suffix}`, { headers: as.demo })).status, suffix).toBe(403);
    }
  });

  it("when an admin reads any user's page, then it is served, and an unknown user is 404", async () => {
    expect((await call("GET", `${page}/alice`, { headers: as.admin })).body.userId).toBe("alice");
    const missing = await call("GET", `${page}/ghost`, { headers: as.admin });
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toBe('No user with id "ghost".');
  });

  it("when a token names a user the mock does not know, then their own page is 404", async () => {
    expect((await call("GET", `${page}/ghost`, { headers: as.ghost })).status).toBe(404);
  });

  it("when a user asks for fresh=true, then only an admin may", async () => {
    expect((await call("GET", `${page}/demo?fresh=true`, { headers: as.demo })).status).toBe(403);
    const fresh = await call("GET", `${page}/demo?fresh=true`, { headers: as.admin });
    expect(fresh.status).toBe(200);
    expect(fresh.body.meta.cache).toBe("miss");
  });

  it("when a user acts on someone else's item or preferences, then the answer is 403 even for an admin", async () => {
    const [item] = (await call("GET", `${page}/alice/actions`, { headers: as.alice })).body.data.items;
    expect((await call("POST", `${page}/alice/actions/${item.id}/complete`, { headers: as.demo })).status).toBe(403);
    expect((await call("POST", `${page}/alice/actions/${item.id}/complete`, { headers: as.admin })).status).toBe(403);
    expect((await call("PATCH", `${page}/alice/preferences`, { headers: as.admin, body: { locale: "en-US" } })).status).toBe(403);
  });

  it("when anyone but a service posts events, then the answer is 403", async () => {
    const batch = { events: [{ type: "action", eventId: "r-1", userId: "demo", item: { id: "act_r1", kind: "task", title: "T", priority: "low" } }] };
    expect((await call("POST", "/api/v1/events", { headers: as.demo, body: batch })).status).toBe(403);
    expect((await call("POST", "/api/v1/events", { headers: as.admin, body: batch })).status).toBe(403);
    expect((await call("POST", "/api/v1/events", { headers: as.service, body: batch })).status).toBe(202);
  });

  it("when operator endpoints are called, then admins are served, services may only invalidate, users are refused", async () => {
    for (const path of ["/api/v1/metrics", "/metrics", "/api/v1/cache"]) {
      expect((await call("GET", path, { headers: as.admin })).status, path).toBe(200);
      expect((await call("GET", path, { headers: as.service })).status, path).toBe(403);
    }
    expect((await call("POST", "/api/v1/cache/invalidate", { headers: as.service, body: { all: true } })).status).toBe(200);
    expect((await call("POST", "/api/v1/cache/warm", { headers: as.service, body: { userIds: ["demo"] } })).status).toBe(403);
  });

  it("when a token has several roles, then any of them grants access", async () => {
    const both = { authorization: `Bearer ${createMockToken({ sub: "demo", roles: ["user", "service"] })}` };
    expect((await call("GET", `${page}/demo`, { headers: both })).status).toBe(200);
    expect((await call("GET", "/api/v1/metrics", { headers: both })).status).toBe(403);
  });

  it("when health and the contract are read without a token, then they are served", async () => {
    for (const path of ["/api/v1/health/live", "/api/v1/health/ready", "/api/v1/health", "/openapi.json", "/openapi.yaml"]) {
      expect((await call("GET", path)).status, path).toBe(200);
    }
    expect((await call("GET", "/openapi.json")).body.info.title).toBe("intro-page API");
  });
});
