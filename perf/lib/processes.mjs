// Starts the measured processes — the intro-page server through its built
// CLI, and the two baselines — each in its own process with the probe
// preloaded, and samples their RSS and CPU from /proc while they run.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const libDir = dirname(fileURLToPath(import.meta.url));
const probePath = join(libDir, "server-probe.mjs");
/** Linux reports CPU time in clock ticks; 100 per second on every mainstream kernel config. */
const TICKS_PER_SECOND = 100;

/** A TCP port free right now on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers 2xx, or fails after `timeoutMs`. */
async function waitUntilUp(url, child, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process exited with ${child.exitCode} before it answered ${url}`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/**
 * A measured process: its base URL and pid, a probe snapshot over IPC, and stop().
 * @typedef {{ name: string, url: string, pid: number, probe: (reset?: boolean) => Promise<any>, stop: () => Promise<void> }} Measured
 */

function measured(name, child, url) {
  let nextId = 0;
  return {
    name,
    url,
    pid: child.pid,
    probe(reset = false) {
      const id = ++nextId;
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(undefined), 2000);
        const onMessage = (message) => {
          if (message?.type !== "perf-probe" || message.id !== id) return;
          clearTimeout(timer);
          child.off("message", onMessage);
          resolve(message);
        };
        child.on("message", onMessage);
        child.send({ type: "perf-probe", id, reset });
      });
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Starts the intro-page server from packages/server/dist on a free port.
 * `env` adds to the environment (database, secret, limits); `nodeArgs` adds
 * flags such as `--cpu-prof`. Server logs go where production logs go
 * (stdout), here to /dev/null, so their cost is measured but not kept.
 * @returns {Promise<Measured>}
 */
export async function startIntroPageServer({ root, env, nodeArgs = [], logs = "ignore" }) {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, "--import", probePath, join(root, "packages/server/dist/cli/start.js")], {
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", logs, "inherit", "ipc"],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilUp(`${url}/api/v1/health/live`, child, 120_000);
  return measured("intro-page", child, url);
}

/**
 * Starts a baseline (`raw-http` or `bare-express`, in perf/baselines/) that
 * serves `bodyFile` with `etag`, in its own process.
 * @returns {Promise<Measured>}
 */
export async function startBaseline(kind, { bodyFile, etag }) {
  const port = await freePort();
  const script = join(libDir, "..", "baselines", `${kind}.mjs`);
  const child = spawn(process.execPath, ["--import", probePath, script], {
    env: { ...process.env, PORT: String(port), BODY_FILE: bodyFile, ETAG: etag },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilUp(`${url}/ready`, child);
  return measured(kind, child, url);
}

/** CPU seconds (user + system) and RSS bytes of `pid`, read from /proc; undefined off Linux or after exit. */
function readProc(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return { cpuSeconds, rssBytes: rss ? Number(rss[1]) * 1024 : 0 };
  } catch {
    return undefined;
  }
}

/**
 * Samples `pid` every `intervalMs`: RSS (MB) and CPU (% of one core) over time.
 * @returns {{ stop: () => { samples: Array<{ t: number, rssMb: number, cpuPct: number }>, cpuPct: number, rssMaxMb: number } }}
 */
export function sampleProcess(pid, intervalMs = 250) {
  const started = performance.now();
  const first = readProc(pid);
  let last = { t: started, ...first };
  const samples = [];
  const timer = setInterval(() => {
    const now = readProc(pid);
    if (!now) return;
    const t = performance.now();
    samples.push({ t: (t - started) / 1000, rssMb: now.rssBytes / 2 ** 20, cpuPct: (100 * (now.cpuSeconds - last.cpuSeconds)) / ((t - last.t) / 1000) });
    last = { t, ...now };
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      const end = readProc(pid);
      const seconds = (performance.now() - started) / 1000;
      const cpuPct = first && end ? (100 * (end.cpuSeconds - first.cpuSeconds)) / seconds : 0;
      return { samples, cpuPct, rssMaxMb: Math.max(0, ...samples.map((s) => s.rssMb)) };
    },
  };
}
