// The open-loop generator reads replies off plain sockets; these check its reader against node:http's own
// ways of answering (Content-Length, chunked, 304, Connection: close, a reset) and that latency counts from
// the scheduled time.
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";

const generator = join(dirname(fileURLToPath(import.meta.url)), "open-loop.mjs");
const servers = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

async function serve(handler) {
  const server = createServer(handler);
  servers.push(server);
  await new Promise((done) => server.listen(0, "127.0.0.1", done));
  server.on("connection", (socket) => socket.unref());
  return `http://127.0.0.1:${server.address().port}`;
}

function run(options) {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [generator], { stdio: ["pipe", "pipe", "inherit"] });
    child.stdin.end(JSON.stringify(options));
    let out = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.once("exit", (code) => (code === 0 ? done(JSON.parse(out.trim().split("\n").at(-1))) : fail(new Error(`exit ${code}`))));
  });
}

describe("open-loop generator", () => {
  it("reads every kind of reply node:http sends and counts the marked bodies", async () => {
    const seen = [];
    const url = await serve((req, res) => {
      seen.push({ path: req.url, host: req.headers.host, auth: req.headers.authorization, user: req.headers["x-user"] });
      if (req.url === "/length") res.setHeader("Content-Length", 11).end("plain reply");
      else if (req.url === "/chunked") {
        res.write('{"degraded":');
        setImmediate(() => res.end("true}"));
      } else if (req.url === "/not-modified") res.writeHead(304, { ETag: '"x"' }).end();
      else if (req.url === "/close") res.setHeader("Connection", "close").end('{"degraded":true}');
      else if (req.url === "/gzip") res.setHeader("Content-Encoding", "gzip").end(gzipSync('{"degraded":true}'));
      else if (req.url === "/br") res.setHeader("Content-Encoding", "br").end(brotliCompressSync('{"degraded":true}'));
      else res.writeHead(404).end();
    });
    const paths = ["/length", "/chunked", "/not-modified", "/close", "/gzip", "/br", "/missing"];
    const result = await run({
      url,
      rate: 350,
      connections: 20,
      durationS: 1,
      paths,
      headers: { Authorization: "Bearer t" },
      headersPerPath: paths.map((_, i) => ({ "X-User": `u${i}` })),
      degradedMarker: '"degraded":true',
    });
    expect(result).toMatchObject({ sent: 350, completed: 350, errors: 0, statuses: { 200: 250, 304: 50, 404: 50 }, degraded: 200 });
    expect(seen).toHaveLength(350);
    expect(new Set(seen.map((request) => request.host))).toEqual(new Set([new URL(url).host]));
    expect(seen.every((request) => request.auth === "Bearer t" && request.user === `u${paths.indexOf(request.path)}`)).toBe(true);
    expect(result.cpuMsPerRequest).toBeGreaterThan(0);
  });

  it("counts a reset connection as an error and goes on on a new one", async () => {
    let calls = 0;
    const url = await serve((req, res) => {
      if (++calls % 5 === 0) req.socket.destroy();
      else res.end("ok");
    });
    const result = await run({ url, rate: 200, connections: 4, durationS: 0.5, paths: ["/"] });
    expect(result).toMatchObject({ sent: 100, completed: 100, errors: 20, statuses: { 200: 80 } });
  });

  it("counts latency from the scheduled time, so a stalled server's backlog shows", async () => {
    // One connection, a reply every 20 ms, requests due every 5 ms: each waits for the ones before it.
    const url = await serve((req, res) => setTimeout(() => res.end("ok"), 20));
    const result = await run({ url, rate: 200, connections: 1, durationS: 0.5, paths: ["/"] });
    expect(result.completed).toBe(100);
    expect(result.maxMs).toBeGreaterThan(1000);
    expect(result.p50Ms).toBeGreaterThan(300);
  });

  it("gives the p95 of each half second by scheduled time, so one stall shows in its own window", async () => {
    // Request n goes out at n × 5 ms with the path /n; the ten scheduled from 550 to 595 ms (the second half
    // second) are answered 250 ms late, as a long pause would hold them; 100 connections, so nothing queues behind.
    const url = await serve((req, res) => {
      const n = Number(req.url.slice(1));
      if (n >= 110 && n < 120) setTimeout(() => res.end("ok"), 250);
      else res.end("ok");
    });
    const paths = Array.from({ length: 300 }, (_, n) => `/${n}`);
    const result = await run({ url, rate: 200, connections: 100, durationS: 1.5, paths });
    expect(result.completed).toBe(300);
    expect(result.windowP95Ms).toHaveLength(3);
    expect(result.windowP95Ms[1]).toBeGreaterThanOrEqual(250);
    expect(Math.max(result.windowP95Ms[0], result.windowP95Ms[2])).toBeLessThan(100);
    expect(result.worstWindowP95Ms).toBe(result.windowP95Ms[1]);
    expect(result.p95Ms).toBeLessThan(100);
  });
});
