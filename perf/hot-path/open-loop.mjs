// Open-loop load generator: requests are scheduled by the clock at a fixed rate over a fixed set of
// keep-alive connections, never by replies, and each latency is counted from the request's scheduled
// time (so a stalled server is not hidden by the generator slowing down — no coordinated omission).
// Run as its own process, options as JSON on stdin:
//   echo '{"url":"http://127.0.0.1:3000","rate":1000,"connections":200,"durationS":10,"paths":["/x"],"headers":{}}' | node open-loop.mjs
// Prints one JSON line: { sent, completed, errors, statuses, degraded, p50Ms, p95Ms, p99Ms, maxMs, achievedRate }
// (`degraded` counts bodies holding `degradedMarker`, when given).
import { Agent, request } from "node:http";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const options = JSON.parse(input);
const { url, rate, connections, durationS, paths } = options;
const target = new URL(url);
const headersFor = (i) => ({ ...options.headers, ...(options.headersPerPath?.[i % paths.length] ?? {}) });
// One agent per connection with a single socket: a request due on a busy connection waits for it, and that wait counts.
const agents = Array.from({ length: connections }, () => new Agent({ keepAlive: true, maxSockets: 1 }));
const latencies = [];
const statuses = {};
let errors = 0;
let degraded = 0;
let sent = 0;
let completed = 0;
const total = Math.round(rate * durationS);
const intervalMs = 1000 / rate;
const start = performance.now() + 50;

function fire(i) {
  const scheduled = start + i * intervalMs;
  const req = request(
    { host: target.hostname, port: target.port, path: paths[i % paths.length], agent: agents[i % connections], headers: headersFor(i) },
    (res) => {
      // With `degradedMarker`, bodies are searched for it (a page that answered 200 with a section stale or missing).
      let body = "";
      res.on("data", (chunk) => {
        if (options.degradedMarker) body += chunk;
      });
      res.on("end", () => {
        if (options.degradedMarker && body.includes(options.degradedMarker)) degraded++;
        latencies.push(performance.now() - scheduled);
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        completed++;
      });
    },
  );
  req.on("error", () => {
    errors++;
    completed++;
  });
  req.end();
}

await new Promise((done) => {
  const tick = () => {
    const due = Math.min(total, Math.floor((performance.now() - start) / intervalMs) + 1);
    while (sent < due) fire(sent++);
    if (sent < total) setTimeout(tick, 1);
    else done();
  };
  setTimeout(tick, 50);
});
const deadline = performance.now() + 10_000;
while (completed < total && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
latencies.sort((a, b) => a - b);
const at = (q) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] : 0);
const round = (n) => Math.round(n * 100) / 100;
const elapsedS = (performance.now() - start) / 1000;
console.log(
  JSON.stringify({
    sent,
    completed,
    errors: errors + (total - completed),
    statuses,
    degraded,
    p50Ms: round(at(0.5)),
    p95Ms: round(at(0.95)),
    p99Ms: round(at(0.99)),
    maxMs: round(latencies.at(-1) ?? 0),
    achievedRate: Math.round(completed / elapsedS),
  }),
);
for (const agent of agents) agent.destroy();
