// Starts each server under test as its own process and finds its port from its first line of output.
import { spawn } from "node:child_process";
import { mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");

async function waitForLine(read, pattern, child, what) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const match = pattern.exec(read());
    if (match) return match;
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode} before listening:\n${read().slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${what} did not start within 120 s`);
}

function stopper(child, cleanup = () => undefined) {
  return async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((done) => child.once("exit", done));
    }
    cleanup();
  };
}

/** A baseline server (`raw-server.mjs` or `express-server.mjs`) serving the page in `bodyFile`; `args` go after it. */
export async function startBaseline(script, bodyFile, ...args) {
  const child = spawn(process.execPath, [join(here, script), bodyFile, ...args], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (chunk) => (out += chunk));
  const [, port] = await waitForLine(() => out, /listening (\d+)/, child, script);
  return { url: `http://127.0.0.1:${port}`, pid: child.pid, stop: stopper(child) };
}

/** The V8 flags `npm start` runs the server with: those of the root package.json's start script (`node <flags> <script>`). */
export function startFlags(script = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts.start) {
  const words = script.trim().split(/\s+/);
  if (words[0] !== "node") throw new Error(`npm start does not run node: ${script}`);
  return words.slice(1).filter((word) => word.startsWith("--"));
}

/**
 * Our server from packages/server/dist (or another build's `serverDir`), as `npm start` runs it, on DATABASE_URL (or a fresh PGlite in a temp
 * dir). Its log lines go to a file, not through this process, so reading them costs the measurement nothing. `nodeFlags` come after
 * `npm start`'s own (a later V8 flag wins: `--max-semi-space-size=16` measures a larger young generation). `wrapper` runs node under
 * another program (`["valgrind", "--tool=callgrind"]`) that keeps node's process id.
 */
export async function startOurs(env, serverDir = join(root, "packages/server"), nodeFlags = [], wrapper = []) {
  const dir = mkdtempSync(join(tmpdir(), "hot-path-bench-"));
  const logFile = join(dir, "server.log");
  const log = openSync(logFile, "w");
  // With the V8 flags `npm start` and the Docker image run it with (package.json).
  const [command, ...args] = [...wrapper, process.execPath, ...startFlags(), ...nodeFlags, join(serverDir, "dist/cli/start.js")];
  const child = spawn(command, args, {
    cwd: dir,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", ...(process.env.DATABASE_URL ? {} : { PGLITE_DATA_DIR: join(dir, "pglite") }), ...env },
    stdio: ["ignore", log, "inherit"],
  });
  const [, url] = await waitForLine(() => readFileSync(logFile, "utf8"), /running at (http:\/\/\S+)/, child, "intro-page-server");
  return { url: url.replace("localhost", "127.0.0.1"), pid: child.pid, logFile, stop: stopper(child, () => rmSync(dir, { recursive: true, force: true })) };
}

/** CPU time (user + system, seconds) in a process's /proc/<pid>/stat text. */
function cpuSecondsIn(stat) {
  const fields = stat.split(") ")[1].split(" ");
  // utime and stime are fields 14 and 15 of stat(5), in clock ticks (100 per second on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU time (user + system, seconds) a process has used so far; 0 where /proc is missing. */
export function cpuSecondsOf(pid) {
  try {
    return cpuSecondsIn(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return 0;
  }
}

/**
 * CPU time (seconds) used so far by every PostgreSQL process on this machine (0 where there are none, or no /proc):
 * what the database spends on a phase, when it runs here. The server keeps its pooled connections open, so no
 * backend that worked in a phase exits before the phase is read.
 */
export function postgresCpuSeconds() {
  let total = 0;
  let entries = [];
  try {
    entries = readdirSync("/proc");
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (stat.includes(" (postgres) ")) total += cpuSecondsIn(stat);
    } catch {
      // the process ended while we looked
    }
  }
  return total;
}

/** A process's resident set size now (MB); 0 where /proc is missing. */
export function rssOf(pid) {
  try {
    return Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024);
  } catch {
    // not on Linux, or the process is gone
    return 0;
  }
}

/** Samples a process's resident set size (MB) while `during` runs; resolves to the largest sample. */
export async function peakRssDuring(pid, during) {
  let peak = 0;
  const sample = () => {
    peak = Math.max(peak, rssOf(pid));
  };
  sample();
  const timer = setInterval(sample, 250);
  try {
    const result = await during();
    sample();
    return { result, peakRssMb: peak };
  } finally {
    clearInterval(timer);
  }
}

/** Runs the open-loop generator (open-loop.mjs) in its own process. */
export function openLoop(options) {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(here, "open-loop.mjs")], { stdio: ["pipe", "pipe", "inherit"] });
    child.stdin.end(JSON.stringify(options));
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.once("exit", (code) => (code === 0 ? done(JSON.parse(out.trim().split("\n").at(-1))) : fail(new Error(`open-loop exited ${code}`))));
  });
}
