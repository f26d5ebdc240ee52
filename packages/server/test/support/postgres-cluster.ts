import { execFileSync, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

/** The machine's PostgreSQL server binaries (Debian's layout), or undefined when there are none. */
export const POSTGRES_BIN = ["17", "16", "15"].map((version) => `/usr/lib/postgresql/${version}/bin`).find((dir) => existsSync(join(dir, "initdb")));

/** Why a private cluster cannot start here, or undefined when it can. */
export function clusterUnavailableReason(): string | undefined {
  if (!POSTGRES_BIN) return "no PostgreSQL server binaries under /usr/lib/postgresql";
  if (process.getuid?.() === 0 && spawnSync("id", ["postgres"]).status !== 0) return "running as root without a postgres user to run initdb";
  return undefined;
}

/** A private PostgreSQL primary with one streaming hot-standby replica, on free loopback ports. */
export interface PostgresCluster {
  primaryUrl: string;
  replicaUrl: string;
  /** Stops the replica (fast shutdown), as a failed replica host would. */
  stopReplica(): void;
  /** Starts it again; it catches up from the primary. */
  startReplica(): void;
  /** Stops both and deletes their files. */
  destroy(): void;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForQuery(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query("SELECT 1");
      await client.end();
      return;
    } catch (err) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/**
 * initdb a primary, pg_basebackup -R a replica from it, and start both with
 * pg_ctl. As root the binaries run as the postgres user (PostgreSQL refuses
 * root) in a temporary folder that user owns.
 */
export async function startPostgresCluster(database = "intro"): Promise<PostgresCluster> {
  const bin = POSTGRES_BIN!;
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[]) =>
    execFileSync(asRoot ? "runuser" : join(bin, command), asRoot ? ["-u", "postgres", "--", join(bin, command), ...args] : args, { stdio: "pipe", timeout: 60_000 });
  const root = mkdtempSync(join(tmpdir(), "intro-page-pg-"));
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString());
    chownSync(root, uid, gid);
  }
  const primaryDir = join(root, "primary");
  const replicaDir = join(root, "replica");
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const settings = (port: number) => `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${root} -c fsync=off -c max_connections=100`;
  const pgCtl = (dir: string, action: "start" | "stop", port?: number) =>
    run("pg_ctl", action === "start" ? ["-D", dir, "-l", `${dir}.log`, "-w", "-t", "30", "-o", settings(port!), "start"] : ["-D", dir, "-m", "fast", "-w", "stop"]);

  const stopQuietly = (dir: string) => {
    try {
      pgCtl(dir, "stop");
    } catch {
      // Not running.
    }
  };
  const destroy = () => {
    for (const dir of [replicaDir, primaryDir]) if (existsSync(dir)) stopQuietly(dir);
    rmSync(root, { recursive: true, force: true });
  };
  const host = `127.0.0.1`;
  const replicaUrl = `postgres://postgres@${host}:${replicaPort}/${database}`;
  try {
    // wal_level=replica and max_wal_senders=10 are the defaults since PostgreSQL 10: streaming needs no settings.
    run("initdb", ["-D", primaryDir, "-U", "postgres", "--auth=trust", "--no-sync"]);
    pgCtl(primaryDir, "start", primaryPort);
    run("pg_basebackup", ["-h", host, "-p", String(primaryPort), "-U", "postgres", "-D", replicaDir, "-R", "-X", "stream"]);
    pgCtl(replicaDir, "start", replicaPort);
    const admin = new pg.Client({ connectionString: `postgres://postgres@${host}:${primaryPort}/postgres` });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    await waitForQuery(replicaUrl, 30_000);
  } catch (err) {
    destroy();
    throw err;
  }
  let replicaRunning = true;
  return {
    primaryUrl: `postgres://postgres@${host}:${primaryPort}/${database}`,
    replicaUrl,
    stopReplica() {
      if (replicaRunning) pgCtl(replicaDir, "stop");
      replicaRunning = false;
    },
    startReplica() {
      if (!replicaRunning) pgCtl(replicaDir, "start", replicaPort);
      replicaRunning = true;
    },
    destroy,
  };
}
