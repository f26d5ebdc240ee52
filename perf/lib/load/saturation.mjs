// Closed-loop load "as fast as the server answers": wrk (one thread, so the
// generator stays on one core) when it is installed or installable, else
// autocannon (one printed line says so). Both cycle through the same wire
// requests; `{{seq}}` in a body becomes a fresh number on every send.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { summarize } from "../stats.mjs";

let generator;

/** "wrk" when available (installing it with apt-get when running as root), else "autocannon". */
export function saturationGenerator({ install = true } = {}) {
  if (generator) return generator;
  const has = () => {
    try {
      execFileSync("wrk", ["--version"], { stdio: "ignore" });
      return true;
    } catch (err) {
      return err.status === 1; // wrk --version prints its version and exits 1
    }
  };
  if (!has() && install && process.getuid?.() === 0) {
    try {
      execFileSync("apt-get", ["install", "-y", "-qq", "wrk"], { stdio: "ignore", timeout: 120_000 });
    } catch {
      // fall through to autocannon
    }
  }
  generator = has() ? "wrk" : "autocannon";
  if (generator === "autocannon") console.log("wrk is not installed (apt-get install -y wrk); saturation runs use autocannon, whose numbers are lower and not comparable with wrk's.");
  return generator;
}

const luaString = (s) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;

/** The wrk Lua script: pre-formatted requests, templated ones formatted per send, a JSON summary at the end. */
function wrkScript(url, requests) {
  // wrk.format only adds Host when called after wrk's own setup; these requests are formatted up front.
  const host = new URL(url).host;
  const entries = requests.map((r) => {
    const headers = `{${Object.entries({ host, ...r.headers }).map(([k, v]) => `[${luaString(k)}]=${luaString(v)}`).join(",")}}`;
    const templated = r.body?.includes("{{seq}}");
    return templated
      ? `{m=${luaString(r.method)},p=${luaString(r.path)},h=${headers},b=${luaString(r.body)}}`
      : `{raw=wrk.format(${luaString(r.method)},${luaString(r.path)},${headers},${r.body ? luaString(r.body) : "nil"})}`;
  });
  return `
local requests = {${entries.join(",\n")}}
local i = 0
local seq = 0
local run = tostring(os.time()) .. "-" .. tostring(math.random(1000000))
request = function()
  i = i % #requests + 1
  local r = requests[i]
  if r.raw then return r.raw end
  seq = seq + 1
  return wrk.format(r.m, r.p, r.h, (r.b:gsub("{{seq}}", run .. "-" .. seq)))
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON{"requests":%d,"durationUs":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"latencyUs":{"p50":%d,"p95":%d,"p99":%d,"max":%d,"mean":%f}}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max, latency.mean))
end
`;
}

function runWrk({ url, requests, connections, seconds }) {
  const dir = mkdtempSync(join(tmpdir(), "perf-wrk-"));
  const script = join(dir, "requests.lua");
  writeFileSync(script, wrkScript(url, requests));
  return new Promise((resolve, reject) => {
    const child = spawn("wrk", ["-t1", `-c${connections}`, `-d${seconds}s`, "--timeout", "10s", "-s", script, url], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.once("exit", (code) => {
      rmSync(dir, { recursive: true, force: true });
      const line = out.split("\n").find((l) => l.startsWith("WRKJSON"));
      if (code !== 0 || !line) return reject(new Error(`wrk failed (${code}): ${out.slice(-500)}`));
      const r = JSON.parse(line.slice("WRKJSON".length));
      const failed = r.errors.connect + r.errors.read + r.errors.write + r.errors.timeout;
      resolve({
        generator: "wrk",
        requests: r.requests,
        reqPerSec: r.requests / (r.durationUs / 1e6),
        latencyMs: { p50: r.latencyUs.p50 / 1000, p95: r.latencyUs.p95 / 1000, p99: r.latencyUs.p99 / 1000, max: r.latencyUs.max / 1000 },
        // wrk counts replies outside 2xx/3xx together; the fixed-rate phase has them by status.
        statuses: { "2xx/3xx": r.requests - r.errors.status - failed, "4xx/5xx": r.errors.status },
        errors: Object.fromEntries(Object.entries(r.errors).filter(([k, v]) => k !== "status" && v > 0)),
      });
    });
    child.once("error", reject);
  });
}

async function runAutocannon({ url, requests, connections, seconds }) {
  let i = 0;
  let seq = 0;
  const run = `${Date.now()}`;
  const instance = autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (req) => {
          const r = requests[i++ % requests.length];
          const body = r.body?.includes("{{seq}}") ? r.body.replaceAll("{{seq}}", `${run}-${++seq}`) : r.body;
          return { ...req, method: r.method, path: r.path, headers: r.headers, ...(body ? { body } : {}) };
        },
      },
    ],
  });
  const times = [];
  instance.on("response", (_client, _status, _bytes, ms) => times.push(ms));
  const result = await instance;
  const latency = summarize(times);
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count]));
  return {
    generator: "autocannon",
    requests: result.requests.total,
    reqPerSec: result.requests.total / result.duration,
    latencyMs: { p50: latency.p50, p95: latency.p95, p99: latency.p99, max: latency.max },
    statuses,
    errors: result.errors ? { errors: result.errors, timeouts: result.timeouts } : {},
  };
}

/**
 * Loads `url` with `connections` for `seconds`, as fast as it answers.
 * @returns {Promise<{ generator: string, requests: number, reqPerSec: number, latencyMs: { p50: number, p95: number, p99: number, max: number }, statuses: Record<string, number>, errors: Record<string, number> }>}
 */
export function runSaturation(options) {
  return saturationGenerator(options) === "wrk" ? runWrk(options) : runAutocannon(options);
}
