import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../src/start/start-server.js";
import { HealthService } from "../../src/ops/health/health-service.js";
import { OpsMetrics } from "../../src/ops/metrics/ops-metrics.js";
import { assertMatchesContract } from "../../../../test/support/contract-validator.js";
import { TEST_DATABASE_URL, createTestDatabase, type TestDatabase } from "../support/database.js";
import { request, startTestServer } from "../support/harness.js";

describe("health endpoints", () => {
  let server: RunningServer;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    database = TEST_DATABASE_URL ? await createTestDatabase("health") : undefined;
    server = await startTestServer({ DATABASE_URL: database?.url });
  });
  afterAll(async () => {
    await server?.close();
    await database?.drop();
  });

  it("when liveness is asked, then 200 with the uptime, without a token", async () => {
    const reply = await request(`${server.url}/api/v1/health/live`);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ status: "ok" });
    expect(reply.headers.get("x-request-id")).toBeTruthy();
    assertMatchesContract("GET", "/api/v1/health/live", reply);
  });

  it("when every dependency answers, then readiness is 200 listing database and cache", async () => {
    const reply = await request(`${server.url}/api/v1/health/ready`);
    expect(reply.status).toBe(200);
    expect((reply.body as { checks: Array<{ name: string; status: string }> }).checks).toEqual([
      expect.objectContaining({ name: "database", status: "up" }),
      expect.objectContaining({ name: "cache", status: "up" }),
    ]);
    expect(reply.headers.get("cache-control")).toBe("no-store");
    assertMatchesContract("GET", "/api/v1/health/ready", reply);
  });

  it("when the aggregate is asked, then every dependency and all five sections are reported with circuit states", async () => {
    await request(`${server.url}/api/v1/health/live`);
    const reply = await request(`${server.url}/api/v1/health`);
    expect(reply.status).toBe(200);
    const body = reply.body as { status: string; version: string; sections: Array<{ name: string; circuit: string }> };
    expect(body.status).toBe("ok");
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(body.sections.map((s) => s.name)).toEqual(["personalization", "actions", "statistics", "activity", "system"]);
    expect(body.sections.every((s) => s.circuit === "closed")).toBe(true);
    assertMatchesContract("GET", "/api/v1/health", reply);
  });

  it("when the instance starts draining, then readiness is a 503 problem with Retry-After while liveness stays 200", async () => {
    server.deps.ops!.health.startDraining();
    const ready = await request(`${server.url}/api/v1/health/ready`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get("content-type")).toContain("application/problem+json");
    expect(ready.headers.get("retry-after")).toBe("5");
    expect(ready.body).toMatchObject({ status: 503, detail: expect.stringContaining("Shutting down") });
    assertMatchesContract("GET", "/api/v1/health/ready", ready);
    expect((await request(`${server.url}/api/v1/health/live`)).status).toBe(200);
    const aggregate = await request(`${server.url}/api/v1/health`);
    expect((aggregate.body as { status: string }).status).toBe("degraded");
  });
});

describe("HealthService", () => {
  const metrics = new OpsMetrics({ defaultMetrics: false });
  afterAll(() => metrics.close());

  it("when a dependency fails or hangs, then readiness is false and names it with the reason", async () => {
    const health = new HealthService({
      metrics,
      version: "1.0.0",
      probeTimeoutMs: 50,
      probes: [
        { name: "database", check: () => Promise.resolve() },
        { name: "redis", check: () => Promise.reject(new Error("connect ECONNREFUSED 127.0.0.1:6379")) },
        { name: "cache", check: () => new Promise<void>(() => undefined) },
      ],
    });
    const result = await health.readiness();
    expect(result.ready).toBe(false);
    expect(result.checks).toEqual([
      expect.objectContaining({ name: "database", status: "up" }),
      expect.objectContaining({ name: "redis", status: "down", error: "connect ECONNREFUSED 127.0.0.1:6379" }),
      expect.objectContaining({ name: "cache", status: "down", error: "no answer within 50 ms" }),
    ]);
    expect((await health.report()).status).toBe("degraded");
  });

  it("when many callers ask at once or in quick succession, then one probe round answers them all", async () => {
    let calls = 0;
    const health = new HealthService({
      metrics,
      version: "1.0.0",
      probeTimeoutMs: 50,
      reuseResultsMs: 60_000,
      probes: [{ name: "database", check: async () => void calls++ }],
    });
    await Promise.all(Array.from({ length: 20 }, () => health.readiness()));
    await health.report();
    expect(calls).toBe(1);
  });

  it("when the database is down, then the aggregate status is down; when a circuit is open, its section is down", async () => {
    metrics.setCircuitState("activity", "open");
    metrics.setCircuitState("actions", "halfOpen");
    const health = new HealthService({ metrics, version: "1.0.0", probeTimeoutMs: 50, probes: [{ name: "database", check: () => Promise.reject(new Error("down")) }] });
    const report = await health.report();
    expect(report.status).toBe("down");
    expect(report.sections.find((s) => s.name === "activity")).toMatchObject({ status: "down", circuit: "open" });
    expect(report.sections.find((s) => s.name === "actions")).toMatchObject({ status: "degraded", circuit: "halfOpen" });
  });
});
