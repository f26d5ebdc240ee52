import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, testSecret, tokenFor } from "../support/tokens.js";
import { clusterUnavailableReason, startPostgresCluster, type PostgresCluster } from "../support/postgres-cluster.js";
import { TEST_REDIS_URL, dropKeys, uniquePrefix } from "../support/redis.js";

/**
 * The production topology on this machine, every part a real process: a
 * PostgreSQL primary with a streaming replica, Redis, three server
 * instances (the built CLI, `node dist/cli/start.js`) and HAProxy in front,
 * health-checking /api/v1/health/ready. Load is bounded (a few seconds per
 * scenario, a handful of concurrent clients). On a 2-core machine the
 * throughput figures show the mechanism (requests spread over instances),
 * not linear scaling: load generator, HAProxy, PostgreSQL and all three
 * instances share the same two cores.
 */
const packageDir = join(dirname(fileURLToPath(import.meta.url)), "../..");
const builtCli = join(packageDir, "dist/cli/start.js");

function haproxyPath(): string | undefined {
  const which = spawnSync("sh", ["-c", "command -v haproxy || ls /usr/sbin/haproxy 2>/dev/null"], { encoding: "utf8" });
  return which.stdout.trim().split("\n")[0] || undefined;
}

/** HAProxy is a Debian package: CI installs it (.ci/run); as root this suite installs it when missing. */
function ensureHaproxy(): string | undefined {
  const found = haproxyPath();
  if (found || process.getuid?.() !== 0) return found;
  spawnSync("sh", ["-c", "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null 2>&1)"], { timeout: 180_000 });
  return haproxyPath();
}

const haproxy = ensureHaproxy();
const unavailable =
  // scripts/test.mjs runs the server project a second time on PGlite (TEST_DATABASE_URL empty); the private cluster ran in the first pass.
  (process.env.TEST_DATABASE_URL === "" ? "PGlite pass" : undefined) ??
  clusterUnavailableReason() ??
  (TEST_REDIS_URL ? undefined : "TEST_REDIS_URL is unset") ??
  (haproxy ? undefined : "no haproxy binary (apt-get install haproxy)") ??
  (existsSync(builtCli) ? undefined : "the server is not built (npm run build -w packages/server)");
if (unavailable) console.log(`topology suite skipped: ${unavailable}`);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Instance {
  name: string;
  port: number;
  process: ChildProcess;
  output: string;
}

/** What a bounded load run saw. */
interface LoadResult {
  requests: number;
  failures: number;
  seconds: number;
  failureSamples: string[];
}

describe.skipIf(unavailable !== undefined)("topology: HAProxy, three instances, primary + replica, Redis", () => {
  const prefix = uniquePrefix("topology");
  const dir = mkdtempSync(join(tmpdir(), "intro-page-topology-"));
  let cluster: PostgresCluster;
  let balancer: ChildProcess;
  let balancerPort: number;
  const instances: Instance[] = [];
  /** Every server process this suite started, so none outlives it whatever fails. */
  const spawned = new Set<ChildProcess>();
  let env: Record<string, string>;
  const userToken = (user: string) => ({ authorization: `Bearer ${tokenFor(as.user(user))}` });

  async function startInstance(name: string, port: number): Promise<Instance> {
    const child = spawn(process.execPath, [builtCli], { cwd: packageDir, env: { ...process.env, ...env, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] });
    spawned.add(child);
    const instance: Instance = { name, port, process: child, output: "" };
    child.stdout!.on("data", (chunk: Buffer) => (instance.output += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (instance.output += chunk.toString()));
    // Generous: on a shared 2-core machine under load a cold start of node can take tens of seconds.
    const deadline = Date.now() + 120_000;
    while (!instance.output.includes("running at")) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`${name} did not start (exit ${child.exitCode}):\n${instance.output}`);
      }
      await sleep(50);
    }
    return instance;
  }

  /** Sends one command to HAProxy's runtime API (its stats socket). */
  async function haproxyCommand(command: string): Promise<string> {
    const socket = connect(join(dir, "admin.sock"));
    let reply = "";
    socket.on("data", (chunk) => (reply += chunk.toString()));
    await once(socket, "connect");
    socket.end(`${command}\n`);
    await once(socket, "close");
    return reply;
  }

  /** The backend servers HAProxy currently sends traffic to. */
  async function serversUp(): Promise<string[]> {
    const csv = await haproxyCommand("show stat");
    return csv
      .split("\n")
      .map((line) => line.split(","))
      .filter((fields) => fields[0] === "app" && fields[1] !== "BACKEND" && fields[1] !== "FRONTEND" && fields[17] === "UP")
      .map((fields) => fields[1]!);
  }

  async function waitForUp(names: string[], timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!names.every((name) => serversUpCache.includes(name))) {
      if (Date.now() > deadline) throw new Error(`HAProxy does not see ${names.join(", ")} up (up: ${serversUpCache.join(", ")})`);
      await sleep(100);
      serversUpCache = await serversUp();
    }
  }
  let serversUpCache: string[] = [];

  /**
   * Mixed load through HAProxy until `stop` resolves (or `seconds` pass):
   * `clients` loops, each reading its user's page, mostly conditional
   * reads, every tenth request a preferences write.
   */
  async function load(options: { clients: number; seconds?: number; until?: Promise<unknown> }): Promise<LoadResult> {
    const started = performance.now();
    const result: LoadResult = { requests: 0, failures: 0, seconds: 0, failureSamples: [] };
    let done = false;
    const timer = options.seconds ? setTimeout(() => (done = true), options.seconds * 1000) : undefined;
    void options.until?.then(() => (done = true));
    const base = `http://127.0.0.1:${balancerPort}`;
    const users = ["alice", "bob", "carol", "dave"];
    await Promise.all(
      Array.from({ length: options.clients }, async (_, client) => {
        const user = users[client % users.length]!;
        for (let n = 0; !done; n++) {
          const write = n % 10 === 9;
          try {
            const reply = write
              ? await fetch(`${base}/api/v1/intro-page/${user}/preferences`, {
                  method: "PATCH",
                  headers: { ...userToken(user), "content-type": "application/merge-patch+json" },
                  body: JSON.stringify({ timezone: n % 20 === 9 ? "Europe/Berlin" : "Europe/Paris" }),
                  signal: AbortSignal.timeout(10_000),
                })
              : await fetch(`${base}/api/v1/intro-page/${user}`, { headers: userToken(user), signal: AbortSignal.timeout(10_000) });
            await reply.arrayBuffer();
            if (reply.status >= 400) {
              result.failures++;
              if (result.failureSamples.length < 5) result.failureSamples.push(`${write ? "PATCH" : "GET"} ${reply.status}`);
            }
          } catch (err) {
            result.failures++;
            if (result.failureSamples.length < 5) result.failureSamples.push(`${write ? "PATCH" : "GET"} ${(err as Error).cause ?? (err as Error).message}`);
          }
          result.requests++;
        }
      }),
    );
    clearTimeout(timer);
    result.seconds = (performance.now() - started) / 1000;
    return result;
  }

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    env = {
      HOST: "127.0.0.1",
      JWT_SECRET: testSecret,
      LOG_LEVEL: "warn",
      DATABASE_URL: cluster.primaryUrl,
      DATABASE_READ_URL: cluster.replicaUrl,
      DATABASE_READ_LAG_CHECK_MS: "200",
      DATABASE_POOL_MAX: "4",
      REDIS_URL: TEST_REDIS_URL!,
      REDIS_KEY_PREFIX: prefix,
      REDIS_COMMAND_TIMEOUT_MS: "1000",
      RATE_LIMIT_READ: "1000000",
      RATE_LIMIT_WRITE: "1000000",
      SECTION_TIMEOUT_MS: "3000",
      // Readiness must not flap on a busy 2-core machine: a generous probe budget, and HAProxy drops a server after
      // two failed checks 300 ms apart, which 1.5 s of failing readiness on SIGTERM covers.
      HEALTH_PROBE_TIMEOUT_MS: "2000",
      SHUTDOWN_DELAY_MS: "1500",
      SHUTDOWN_DRAIN_TIMEOUT_MS: "5000",
    };
    // The first instance migrates and seeds; the others start on the migrated database.
    const ports = [await freePort(), await freePort(), await freePort()];
    instances.push(await startInstance("s1", ports[0]!));
    env = { ...env, MIGRATE_ON_START: "false" };
    instances.push(await startInstance("s2", ports[1]!), await startInstance("s3", ports[2]!));

    balancerPort = await freePort();
    writeFileSync(
      join(dir, "haproxy.cfg"),
      `global
  stats socket ${join(dir, "admin.sock")} mode 600 level admin
defaults
  mode http
  timeout connect 1s
  timeout client 15s
  timeout server 15s
  retries 3
  option redispatch
frontend api
  bind 127.0.0.1:${balancerPort}
  default_backend app
backend app
  balance roundrobin
  option httpchk GET /api/v1/health/ready
  http-check expect status 200
  timeout check 3s
  default-server check inter 300 fall 2 rise 2
${instances.map((instance) => `  server ${instance.name} 127.0.0.1:${instance.port}`).join("\n")}
`,
    );
    balancer = spawn(haproxy!, ["-f", join(dir, "haproxy.cfg"), "-db"], { stdio: ["ignore", "pipe", "pipe"] });
    for (let waited = 0; !existsSync(join(dir, "admin.sock")); waited += 50) {
      if (waited > 10_000 || balancer.exitCode !== null) throw new Error("HAProxy did not start");
      await sleep(50);
    }
    await waitForUp(["s1", "s2", "s3"]);
  }, 300_000);

  afterAll(async () => {
    balancer?.kill("SIGTERM");
    await Promise.all(
      [...spawned].map(async (child) => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill("SIGTERM");
          await once(child, "exit");
        }
      }),
    );
    cluster?.destroy();
    if (TEST_REDIS_URL) await dropKeys(TEST_REDIS_URL, prefix);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("when traffic runs through 1, 2 and 3 instances, then each serves it and the throughput is printed", async () => {
    const figures: string[] = [];
    for (const active of [1, 2, 3]) {
      for (const [index, instance] of instances.entries()) {
        await haproxyCommand(`${index < active ? "enable" : "disable"} server app/${instance.name}`);
      }
      const result = await load({ clients: 16, seconds: 3 });
      expect(result.failures, result.failureSamples.join("; ")).toBe(0);
      figures.push(`${active} instance(s): ${Math.round(result.requests / result.seconds)} req/s`);
    }
    console.log(`throughput through HAProxy (2 shared cores: mechanism, not scaling): ${figures.join(", ")}`);
  }, 60_000);

  it("when a user writes through one instance, then every instance serves the write within 100 ms, and the writer reads it back", async () => {
    const delays: number[] = [];
    for (let round = 0; round < 3; round++) {
      const locale = ["fr-FR", "de-DE", "it-IT"][round]!;
      // Warm every instance's cache with the old value first, so the check proves invalidation, not a cold miss.
      for (const instance of instances) await fetch(`http://127.0.0.1:${instance.port}/api/v1/intro-page/dave/personalization`, { headers: userToken("dave") }).then((r) => r.arrayBuffer());
      const writer = instances[round]!;
      const written = await fetch(`http://127.0.0.1:${writer.port}/api/v1/intro-page/dave/preferences`, {
        method: "PATCH",
        headers: { ...userToken("dave"), "content-type": "application/merge-patch+json" },
        body: JSON.stringify({ locale }),
      });
      expect(written.status).toBe(200);
      const doneAt = performance.now();
      // Read-your-writes for the writer, through the balancer (any instance; replica reads are routed to the primary).
      const own = (await (await fetch(`http://127.0.0.1:${balancerPort}/api/v1/intro-page/dave/personalization`, { headers: userToken("dave") })).json()) as { data: { locale: string } };
      expect(own.data.locale).toBe(locale);
      const seen = await Promise.all(
        instances.map(async (instance) => {
          for (;;) {
            const body = (await (await fetch(`http://127.0.0.1:${instance.port}/api/v1/intro-page/dave/personalization`, { headers: userToken("dave") })).json()) as { data: { locale: string } };
            if (body.data.locale === locale) return performance.now() - doneAt;
            if (performance.now() - doneAt > 2_000) return Number.POSITIVE_INFINITY;
            await sleep(5);
          }
        }),
      );
      delays.push(Math.max(...seen));
    }
    const median = [...delays].sort((a, b) => a - b)[1]!;
    console.log(`write visible on all 3 instances after: ${delays.map((ms) => `${ms.toFixed(1)} ms`).join(", ")} (median ${median.toFixed(1)} ms)`);
    expect(median).toBeLessThan(100);
  }, 30_000);

  it("when the replica stops under load, then reads move to the primary with zero failed requests", async () => {
    const stopped = (async () => {
      await sleep(1_000);
      cluster.stopReplica();
      await sleep(2_000);
    })();
    const result = await load({ clients: 8, until: stopped });
    console.log(`replica stopped under load: ${result.requests} requests, ${result.failures} failed`);
    expect(result.failures, result.failureSamples.join("; ")).toBe(0);
    cluster.startReplica();
  }, 60_000);

  it("when all three instances restart one by one under load, then zero requests fail", async () => {
    const rolling = (async () => {
      for (const [index, instance] of instances.entries()) {
        instance.process.kill("SIGTERM");
        const [code] = await once(instance.process, "exit");
        expect(code, instance.output).toBe(0);
        instances[index] = await startInstance(instance.name, instance.port);
        serversUpCache = await serversUp();
        // Wait until HAProxy has seen it up again before taking down the next one.
        await sleep(300);
        await waitForUp([instance.name]);
      }
    })();
    const result = await load({ clients: 8, until: rolling });
    await rolling;
    console.log(`rolling restart of 3 instances under load: ${result.requests} requests in ${result.seconds.toFixed(1)} s, ${result.failures} failed`);
    expect(result.failures, result.failureSamples.join("; ")).toBe(0);
  }, 400_000);

  it("when one instance is SIGKILLed under load, then HAProxy drops it and at most the requests in flight on it fail", async () => {
    const clients = 8;
    const victim = instances[1]!;
    const killed = (async () => {
      await sleep(1_000);
      victim.process.kill("SIGKILL");
      await once(victim.process, "exit");
      await sleep(2_000);
    })();
    const result = await load({ clients, until: killed });
    serversUpCache = await serversUp();
    console.log(`SIGKILL of one instance under load: ${result.requests} requests, ${result.failures} failed (${result.failureSamples.join("; ") || "none"}); HAProxy up: ${serversUpCache.join(", ")}`);
    expect(serversUpCache).not.toContain(victim.name);
    // Each client has at most one request in flight, so no more than `clients` can have been on the killed instance.
    expect(result.failures).toBeLessThanOrEqual(clients);
    instances[1] = await startInstance(victim.name, victim.port);
  }, 180_000);
});
