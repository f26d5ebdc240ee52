import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../src/start/start-server.js";
import { as, send, startTestServer, tokenFor } from "../support/harness.js";
import { clusterUnavailableReason, startPostgresCluster, type PostgresCluster } from "../support/postgres-cluster.js";

// scripts/test.mjs runs the server project a second time on PGlite (TEST_DATABASE_URL empty); the private cluster ran in the first pass.
const unavailable = process.env.TEST_DATABASE_URL === "" ? "PGlite pass" : clusterUnavailableReason();
if (unavailable) console.log(`read-replica suite skipped: ${unavailable}`);

/**
 * One server on a private PostgreSQL primary with a real streaming replica
 * (initdb, pg_basebackup -R, pg_ctl): where section reads go, read-your-writes,
 * a lagging replica, and a stopped one.
 */
describe.skipIf(unavailable !== undefined)("read replicas (DATABASE_READ_URL) on a streaming replica", () => {
  let cluster: PostgresCluster;
  let server: RunningServer;

  const reads = async () => {
    const metric = await server.deps.ops!.metrics.registry.getSingleMetric("intro_page_db_reads")!.get();
    const value = (target: string) => metric.values.find((entry) => entry.labels.target === target)?.value ?? 0;
    return { replica: value("replica"), primary: value("primary"), fallback: value("fallback") };
  };
  const replicaInUse = async () => (await server.deps.ops!.metrics.registry.getSingleMetric("intro_page_db_replica_in_use")!.get()).values[0]?.value;
  const replicaLagSeconds = async () => (await server.deps.ops!.metrics.registry.getSingleMetric("intro_page_db_replica_lag_seconds")!.get()).values[0]?.value;
  const until = async (condition: () => Promise<boolean>, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return true;
  };
  // An admin with fresh=true bypasses the cache, so every call reaches the repositories; routing follows the page's user.
  const page = (user: string) => send(`${server.url}/api/v1/intro-page/${user}?fresh=true`, "GET", { as: as.admin() });
  const onReplica = async (sql: string) => {
    const client = new pg.Client({ connectionString: cluster.replicaUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    server = await startTestServer({
      DATABASE_URL: cluster.primaryUrl,
      DATABASE_READ_URL: cluster.replicaUrl,
      DATABASE_READ_LAG_CHECK_MS: "100",
      DATABASE_READ_MAX_LAG_MS: "1000",
      DATABASE_READ_YOUR_WRITES_MS: "3000",
      RATE_LIMIT_READ: "1000000",
      RATE_LIMIT_WRITE: "1000000",
      SECTION_TIMEOUT_MS: "3000",
    });
    // The demo seed went to the primary; wait until the replica has replayed it.
    expect(await until(async () => (await replicaInUse()) === 1, 10_000)).toBe(true);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    cluster?.destroy();
  });

  it("when a user reads their page, then the section reads go to the replica and every section is ok", async () => {
    const before = await reads();
    const reply = await page("alice");
    expect(reply.status).toBe(200);
    expect(Object.values(reply.body.sections).map((section: any) => section.status)).toEqual(expect.arrayContaining(["ok"]));
    expect(Object.values(reply.body.sections).every((section: any) => section.status === "ok")).toBe(true);
    const after = await reads();
    expect(after.replica).toBeGreaterThan(before.replica);
    expect(after.primary).toBe(before.primary);
  });

  it("when readiness is asked, then it reports the replica with its lag", async () => {
    const ready = await send(`${server.url}/api/v1/health/ready`, "GET");
    expect(ready.status).toBe(200);
    const replica = ready.body.checks.find((check: { name: string }) => check.name === "replica");
    expect(replica).toMatchObject({ name: "replica", status: "up", target: expect.stringMatching(/^127\.0\.0\.1:\d+\//) });
    expect(replica.lagMs).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(ready.body)).not.toMatch(/postgres:\/\//);
  });

  it("when a user writes, then their next reads go to the primary and show the write at once", async () => {
    const patched = await send(`${server.url}/api/v1/intro-page/bob/preferences`, "PATCH", {
      as: as.user("bob"),
      contentType: "application/merge-patch+json",
      body: { locale: "fr-FR" },
    });
    expect(patched.status).toBe(200);
    const before = await reads();
    const reply = await page("bob");
    expect(reply.status).toBe(200);
    expect(reply.body.sections.personalization.data.locale).toBe("fr-FR");
    const after = await reads();
    // bob's own data came from the primary (shared data such as announcements may still come from the replica).
    expect(after.primary - before.primary).toBeGreaterThanOrEqual(4);
    // Another user is unaffected: still on the replica.
    await page("alice");
    expect((await reads()).replica).toBeGreaterThan(after.replica);
  });

  it("when the replica stops replaying and falls behind, then it is skipped and reads use the primary", async () => {
    await onReplica("SELECT pg_wal_replay_pause()");
    try {
      // A write the paused replica cannot replay puts it behind the primary.
      await send(`${server.url}/api/v1/intro-page/alice/preferences`, "PATCH", { as: as.user("alice"), contentType: "application/merge-patch+json", body: { locale: "de-DE" } });
      expect(await until(async () => (await replicaInUse()) === 0, 5_000)).toBe(true);
      const lag = await replicaLagSeconds();
      console.log(`replica paused: measured lag ${lag?.toFixed(2)} s (threshold 1 s) -> skipped`);
      expect(lag).toBeGreaterThan(1);
      const before = await reads();
      expect((await page("carol")).status).toBe(200);
      const after = await reads();
      expect(after.primary).toBeGreaterThan(before.primary);
      expect(after.replica).toBe(before.replica);
    } finally {
      await onReplica("SELECT pg_wal_replay_resume()");
    }
    expect(await until(async () => (await replicaInUse()) === 1, 5_000)).toBe(true);
  });

  it("when the replica is stopped, then every request still succeeds on the primary", async () => {
    cluster.stopReplica();
    const statuses: number[] = [];
    const token = { authorization: `Bearer ${tokenFor(as.admin())}` };
    for (let i = 0; i < 30; i++) {
      const reply = await fetch(`${server.url}/api/v1/intro-page/dave?fresh=true`, { headers: token });
      const body = (await reply.json()) as { sections: Record<string, { status: string }> };
      statuses.push(reply.status);
      expect(Object.values(body.sections).every((section) => section.status === "ok")).toBe(true);
    }
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(await replicaInUse()).toBe(0);
    // Still ready (reads fall back to the primary), and readiness says which replica is down and why.
    const ready = await until(async () => {
      const reply = await send(`${server.url}/api/v1/health/ready`, "GET");
      return reply.status === 200 && reply.body.checks.some((check: { name: string; status: string; error?: string }) => check.name === "replica" && check.status === "down" && Boolean(check.error));
    }, 5_000);
    expect(ready).toBe(true);
    cluster.startReplica();
    expect(await until(async () => (await replicaInUse()) === 1, 15_000)).toBe(true);
  });
});
