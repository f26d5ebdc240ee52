// Throughput with `wrk -t1 -c100` (its own process, one core), or autocannon's CLI in its own process
// where wrk is missing. `ensureWrk` tries `apt-get install -y wrk` once when running as root.
import { execFileSync, spawn } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const hasCommand = (name) => {
  try {
    execFileSync("sh", ["-c", `command -v ${name}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};

/** "wrk" or "autocannon", printing one line saying which and why. */
export function ensureWrk() {
  if (hasCommand("wrk")) return "wrk";
  if (process.getuid?.() === 0 && hasCommand("apt-get")) {
    console.log("wrk not found: apt-get install -y wrk …");
    try {
      execFileSync("apt-get", ["install", "-y", "wrk"], { stdio: "ignore" });
      if (hasCommand("wrk")) return "wrk";
    } catch {
      // fall through to autocannon
    }
  }
  console.log("wrk is not available (apt-get install -y wrk); falling back to autocannon in its own process — numbers are not comparable with wrk runs.");
  return "autocannon";
}

const run = (command, args) =>
  new Promise((done, fail) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (out += chunk));
    child.once("error", fail);
    child.once("exit", (code) => (code === 0 ? done(out) : fail(new Error(`${command} exited ${code}: ${out}`))));
  });

/**
 * Loads `url` with `connections` keep-alive connections for `durationS` seconds.
 * @returns {{ rps: number, non2xx3xx: number, socketErrors: number }}
 */
export async function closedLoop(tool, url, { connections = 100, durationS = 8, headers = {} } = {}) {
  const headerArgs = Object.entries(headers).flatMap(([name, value]) => ["-H", `${name}: ${value}`]);
  if (tool === "wrk") {
    const out = await run("wrk", ["-t1", `-c${connections}`, `-d${durationS}s`, ...headerArgs, url]);
    const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
    const non2xx3xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0);
    const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
    const socketErrors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
    return { rps: Math.round(rps), non2xx3xx, socketErrors };
  }
  const out = await run(join(root, "node_modules/.bin/autocannon"), ["-j", "-c", String(connections), "-d", String(durationS), ...headerArgs, url]);
  const result = JSON.parse(out.slice(out.indexOf("{")));
  return { rps: Math.round(result.requests.average), non2xx3xx: result.non2xx, socketErrors: result.errors + result.timeouts };
}
