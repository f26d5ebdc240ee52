// Open-loop load generator: requests are scheduled by the clock at a fixed rate over a fixed set of
// keep-alive connections, never by replies, and each latency is counted from the request's scheduled
// time (so a stalled server is not hidden by the generator slowing down — no coordinated omission).
// Run as its own process, options as JSON on stdin:
//   echo '{"url":"http://127.0.0.1:3000","rate":1000,"connections":200,"durationS":10,"paths":["/x"],"headers":{}}' | node open-loop.mjs
// Prints one JSON line: { sent, completed, errors, statuses, degraded, p50Ms, p95Ms, p99Ms, maxMs, windowP95Ms,
// worstWindowP95Ms, achievedRate, cpuMsPerRequest } (`degraded` counts bodies holding `degradedMarker`, when given,
// looked for after a gzip or br body is decoded, as a browser would;
// `windowP95Ms` is the p95 of the requests scheduled in each half second, so one long stall (a mark-compact, say)
// shows as one bad window and a standing queue as many; `cpuMsPerRequest` is this generator's own CPU time).
//
// It shares the machine's cores with the servers it measures, so it does as little as it can per request: each
// request's bytes are built once before the clock starts, and replies are read off plain sockets by a small
// HTTP/1.1 response reader (status line, Content-Length or chunked body) instead of node:http's client, which
// cost about 0.3 ms of CPU per request — a third of a core at 1,000 requests a second.
import { connect } from "node:net";
import { decodedBody } from "./decoded-body.mjs";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const options = JSON.parse(input);
const { url, rate, connections, durationS, paths } = options;
const target = new URL(url);
const port = Number(target.port || 80);
const marker = options.degradedMarker ? Buffer.from(options.degradedMarker) : undefined;

/** The request bytes for each path (and its own headers, when given), built once. */
const requests = paths.map((path, i) => {
  const headers = { Host: target.host, ...options.headers, ...(options.headersPerPath?.[i] ?? {}) };
  return Buffer.from(`GET ${path} HTTP/1.1\r\n${Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join("")}\r\n`, "latin1");
});

const latencies = [];
/** Latencies by the half second they were scheduled in. */
const windows = [];
const windowMs = 500;
const statuses = {};
let errors = 0;
let degraded = 0;
let sent = 0;
let completed = 0;
const total = Math.round(rate * durationS);
const intervalMs = 1000 / rate;
const start = performance.now() + 50;
const cpuBefore = process.cpuUsage();
const headEnd = Buffer.from("\r\n\r\n");
const lineEnd = Buffer.from("\r\n");

/** Reads one HTTP/1.1 response at a time off `pending`; returns how many bytes it used, or 0 when it needs more. */
function readResponse(conn) {
  const data = conn.pending;
  const end = data.indexOf(headEnd);
  if (end < 0) return 0;
  const head = data.toString("latin1", 0, end);
  const status = Number(head.slice(9, 12));
  const lower = head.toLowerCase();
  const length = /\r\ncontent-length:\s*(\d+)/.exec(lower);
  let bodyStart = end + 4;
  let body;
  let used;
  if (status === 304 || status === 204 || (status >= 100 && status < 200)) {
    body = data.subarray(bodyStart, bodyStart);
    used = bodyStart;
  } else if (length) {
    used = bodyStart + Number(length[1]);
    if (data.length < used) return 0;
    body = data.subarray(bodyStart, used);
  } else if (/\r\ntransfer-encoding:[^\r]*chunked/.test(lower)) {
    const parts = [];
    for (;;) {
      const sizeEnd = data.indexOf(lineEnd, bodyStart);
      if (sizeEnd < 0) return 0;
      const size = parseInt(data.toString("latin1", bodyStart, sizeEnd), 16);
      if (Number.isNaN(size)) throw new Error("malformed chunked body");
      if (size === 0) {
        // No trailers are sent by the servers measured here: the last chunk ends with one more CRLF.
        if (data.length < sizeEnd + 4) return 0;
        used = sizeEnd + 4;
        break;
      }
      if (data.length < sizeEnd + 2 + size + 2) return 0;
      parts.push(data.subarray(sizeEnd + 2, sizeEnd + 2 + size));
      bodyStart = sizeEnd + 2 + size + 2;
    }
    body = Buffer.concat(parts);
  } else {
    throw new Error(`a response without a length: ${head.split("\r\n")[0]}`);
  }
  if (marker && decodedBody(body, /\r\ncontent-encoding:[ \t]*([^\r]*)/.exec(lower)?.[1].trim()).includes(marker)) degraded++;
  statuses[status] = (statuses[status] ?? 0) + 1;
  if (/\r\nconnection:\s*close/.test(lower)) conn.closing = true;
  return used;
}

/** One keep-alive connection carrying one request at a time; requests due while it is busy wait for it (and that wait counts). */
class Connection {
  waiting = [];
  current = undefined;
  socket = undefined;
  pending = Buffer.alloc(0);
  closing = false;

  send(request) {
    if (this.current) this.waiting.push(request);
    else this.write(request);
  }

  write(request) {
    this.current = request;
    if (!this.socket) this.open();
    this.socket.write(requests[request.path]);
  }

  open() {
    const socket = connect({ host: target.hostname, port, noDelay: true });
    this.socket = socket;
    this.pending = Buffer.alloc(0);
    this.closing = false;
    socket.on("data", (chunk) => {
      this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
      let used;
      try {
        used = this.current ? readResponse(this) : 0;
      } catch {
        return socket.destroy();
      }
      if (used === 0) return;
      this.pending = this.pending.subarray(used);
      const latency = performance.now() - this.current.scheduled;
      latencies.push(latency);
      (windows[Math.floor((this.current.scheduled - start) / windowMs)] ??= []).push(latency);
      completed++;
      this.current = undefined;
      if (this.closing) {
        socket.destroy();
        this.socket = undefined;
      }
      this.next();
    });
    // A reset or refused connection fails the request on it; the next one opens a new connection.
    socket.on("error", () => undefined);
    socket.on("close", () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      if (this.current) {
        errors++;
        completed++;
        this.current = undefined;
      }
      this.next();
    });
  }

  next() {
    const request = this.waiting.shift();
    if (request) this.write(request);
  }

  close() {
    this.socket?.destroy();
  }
}

const pool = Array.from({ length: connections }, () => new Connection());

await new Promise((done) => {
  const tick = () => {
    const due = Math.min(total, Math.floor((performance.now() - start) / intervalMs) + 1);
    while (sent < due) {
      pool[sent % connections].send({ scheduled: start + sent * intervalMs, path: sent % paths.length });
      sent++;
    }
    if (sent < total) setTimeout(tick, 1);
    else done();
  };
  setTimeout(tick, 50);
});
const deadline = performance.now() + 10_000;
while (completed < total && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
const cpu = process.cpuUsage(cpuBefore);
/** The `q` quantile of `sorted` (nearest rank), 0 for none. */
const quantile = (sorted, q) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : 0);
latencies.sort((a, b) => a - b);
const at = (q) => quantile(latencies, q);
const round = (n) => Math.round(n * 100) / 100;
const windowP95Ms = Array.from(windows, (window) => (window ? round(quantile(window.sort((a, b) => a - b), 0.95)) : 0));
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
    windowP95Ms,
    worstWindowP95Ms: Math.max(0, ...windowP95Ms),
    achievedRate: Math.round(completed / elapsedS),
    cpuMsPerRequest: round((cpu.user + cpu.system) / 1000 / Math.max(1, completed)),
  }),
);
for (const conn of pool) conn.close();
