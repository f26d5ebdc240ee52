// Real database outages: a private PostgreSQL (initdb + pg_ctl on a free port)
// is SIGKILLed and restarted under traffic, its pool exhausted by long
// queries, and cut off by a proxy that stalls (a partition). Each test prints
// the failover figures it measured.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../src/start/start-server.js";
import { send, startTestServer, type Reply } from "../support/harness.js";
import { SELF } from "./support/access-rules.js";
import { startPrivatePostgres, type PrivatePostgres } from "./support/private-postgres.js";
import { startStallingProxy, type StallingProxy } from "./support/stalling-proxy.js";
import { percentile, readTraffic, timeUntil } from "./support/traffic.js";

const pg = await startPrivatePostgres();
if (!pg) console.log("skipped: no PostgreSQL binaries under /usr/lib/postgresql/*/bin; the database outage suite needs initdb and pg_ctl");
afterAll(() => pg?.destroy());

const user = { sub: SELF, roles: ["user" as const] };
const outageEnv = {
  SEED_DEMO: "true",
  CACHE_TTL_STATISTICS_S: "1",
  CACHE_TTL_ACTIONS_S: "1",
  CACHE_TTL_ACTIVITY_S: "1",
  CACHE_TTL_PERSONALIZATION_S: "1",
  CACHE_TTL_SYSTEM_S: "1",
  SECTION_TIMEOUT_MS: "1000",
  BREAKER_VOLUME_THRESHOLD: "3",
  BREAKER_RESET_MS: "1000",
  HEALTH_PROBE_TIMEOUT_MS: "500",
  DATABASE_ACQUIRE_TIMEOUT_MS: "1500",
  DATABASE_CONNECT_TIMEOUT_MS: "1000",
  RATE_LIMIT_READ: "1000000",
  RATE_LIMIT_WRITE: "1000000",
};

const patch = (url: string, locale: string) => send(`${url}/api/v1/intro-page/${SELF}/preferences`, "PATCH", { as: user, body: { locale }, contentType: "application/merge-patch+json" });
const timed = async (call: () => Promise<Reply>) => {
  const started = performance.now();
  const reply = await call();
  return { reply, ms: Math.round(performance.now() - started) };
};
const expectRetryLater = (reply: Reply) => {
  expect(reply.status, reply.text).toBe(503);
  expect(reply.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(Number(reply.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(reply.text).not.toMatch(/\bat \w|node_modules|ECONN|Sequelize/);
};

describe.skipIf(!pg)("database outages (private PostgreSQL)", () => {
  let server: RunningServer;
  const db = pg as PrivatePostgres;

  beforeAll(async () => {
    server = await startTestServer({ ...outageEnv, DATABASE_URL: db.url, DATABASE_POOL_MAX: "3" });
  });
  afterAll(() => server?.close());

  it("when PostgreSQL is SIGKILLed under traffic, then pages stay 200 with stale sections, writes get a fast 503 with Retry-After, readiness names the database, and all recovers without a restart", async () => {
    expect((await send(`${server.url}/api/v1/intro-page/${SELF}`, "GET", { as: user })).status).toBe(200);
    const traffic = readTraffic(server.url, SELF);
    await new Promise((resolve) => setTimeout(resolve, 500));

    const killedAt = performance.now() - traffic.started;
    db.kill();
    const toStale = await timeUntil(async () => {
      const page = await send(`${server.url}/api/v1/intro-page/${SELF}`, "GET", { as: user });
      return page.status === 200 && Object.values(page.body.sections as Record<string, { status: string }>).some((s) => s.status === "stale");
    });
    const write = await timed(() => patch(server.url, "fr-FR"));
    expectRetryLater(write.reply);
    expect(write.ms).toBeLessThan(3_000);
    const ready = await send(`${server.url}/api/v1/health/ready`, "GET");
    expect(ready.status).toBe(503);
    expect(JSON.stringify(ready.body)).toMatch(/database/);
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    const restartedAt = performance.now() - traffic.started;
    db.start();
    const toWrite = await timeUntil(async () => (await patch(server.url, "fr-FR")).status === 200);
    const toReady = await timeUntil(async () => (await send(`${server.url}/api/v1/health/ready`, "GET")).status === 200);
    const toFresh = await timeUntil(async () => {
      const page = await send(`${server.url}/api/v1/intro-page/${SELF}`, "GET", { as: user });
      return Object.values(page.body.sections as Record<string, { status: string }>).every((s) => s.status === "ok");
    });
    const samples = await traffic.stop();

    const during = samples.filter((s) => s.at >= killedAt && s.at < restartedAt);
    const baseline = samples.filter((s) => s.at < killedAt);
    expect(samples.every((s) => s.status === 200), JSON.stringify(samples.filter((s) => s.status !== 200).slice(0, 5))).toBe(true);
    expect(during.length).toBeGreaterThan(5);
    console.log(
      [
        "database SIGKILL under traffic:",
        `  reads: ${samples.length}, all 200; p99 ${percentile(baseline.map((s) => s.ms), 99).toFixed(0)} ms before, ${percentile(during.map((s) => s.ms), 99).toFixed(0)} ms (max ${Math.max(...during.map((s) => s.ms)).toFixed(0)} ms) while down`,
        `  first page with stale sections ${toStale} ms after the kill (cache TTL 1 s); a write during the outage: 503 in ${write.ms} ms`,
        `  after restart: writes ok in ${toWrite} ms, ready in ${toWrite + toReady} ms, every section fresh in ${toWrite + toReady + toFresh} ms`,
      ].join("\n"),
    );
    const reread = await send(`${server.url}/api/v1/intro-page/${SELF}/personalization`, "GET", { as: user });
    expect(reread.body.data.locale).toBe("fr-FR");
  });

  it("when long queries hold every pooled connection, then writes get 503 with Retry-After within the acquire timeout and reads stay 200", async () => {
    const { sequelize } = server.deps.database;
    const holders = Array.from({ length: 3 }, () => sequelize.query("SELECT pg_sleep(4)").catch(() => undefined));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const write = await timed(() => patch(server.url, "es-ES"));
    const read = await timed(() => send(`${server.url}/api/v1/intro-page/${SELF}`, "GET", { as: user }));
    await Promise.all(holders);
    expectRetryLater(write.reply);
    expect(write.ms).toBeLessThan(1_500 + 1_000);
    expect(read.reply.status).toBe(200);
    expect(read.ms).toBeLessThan(2_500);
    const toWrite = await timeUntil(async () => (await patch(server.url, "es-ES")).status === 200);
    console.log(`pool exhaustion (3 of 3 connections held): write 503 in ${write.ms} ms (acquire timeout 1500 ms), page read 200 in ${read.ms} ms, writes ok again ${toWrite} ms after the holders finished`);
  });
});

describe.skipIf(!pg)("network partition (a proxy that stalls the database link)", () => {
  let server: RunningServer;
  let proxy: StallingProxy;
  const db = pg as PrivatePostgres;

  beforeAll(async () => {
    proxy = await startStallingProxy("127.0.0.1", db.port);
    server = await startTestServer({ ...outageEnv, DATABASE_URL: `postgres://postgres@127.0.0.1:${proxy.port}/postgres`, DATABASE_POOL_MAX: "4", DATABASE_QUERY_TIMEOUT_MS: "1500" });
  });
  afterAll(async () => {
    await server?.close();
    await proxy?.close();
  });

  it("when the link stalls, then reads answer within the section budget, breakers open, writes get 503, and after it heals all recovers", async () => {
    expect((await send(`${server.url}/api/v1/intro-page/${SELF}`, "GET", { as: user })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    proxy.stall();
    const reads = [];
    for (let i = 0; i < 6; i++) reads.push(await timed(() => send(`${server.url}/api/v1/intro-page/${SELF}`, "GET", { as: user })));
    const write = await timed(() => patch(server.url, "it-IT"));
    const health = await send(`${server.url}/api/v1/health`, "GET");
    const circuits = (health.body.sections as { name: string; circuit: string }[]).map((s) => `${s.name}:${s.circuit}`);

    expect(reads.every((r) => r.reply.status === 200)).toBe(true);
    expect(Math.max(...reads.map((r) => r.ms))).toBeLessThan(1_000 + 1_000);
    const codes = reads.flatMap((r) => Object.values(r.reply.body.sections as Record<string, { error?: { code: string } }>).map((s) => s.error?.code).filter(Boolean));
    expect(codes).toContain("timeout");
    expect(codes).toContain("circuit_open");
    // BREAKER_RESET_MS is 1 s, so by the time health is asked a circuit may already be trying again.
    expect(circuits.some((c) => /:(open|halfOpen)$/.test(c)), circuits.join(" ")).toBe(true);
    expectRetryLater(write.reply);
    expect(write.ms).toBeLessThan(3_500);

    const healedAt = performance.now();
    proxy.heal();
    const toWrite = await timeUntil(async () => (await patch(server.url, "it-IT")).status === 200);
    const toFresh = await timeUntil(async () => {
      const page = await send(`${server.url}/api/v1/intro-page/${SELF}`, "GET", { as: user });
      return Object.values(page.body.sections as Record<string, { status: string }>).every((s) => s.status === "ok");
    });
    console.log(
      [
        "network partition (stalled link):",
        `  page reads: max ${Math.max(...reads.map((r) => r.ms))} ms (budget 1000 ms), codes ${[...new Set(codes)].join(", ")}; circuits ${circuits.join(" ")}`,
        `  write during the partition: 503 in ${write.ms} ms (query timeout 1500 ms)`,
        `  after healing: writes ok in ${toWrite} ms, every section fresh in ${Math.round(performance.now() - healedAt)} ms`,
      ].join("\n"),
    );
  });
});
