// How many page reads that miss the cache one server process answers a second, when it is not offered more
// than it can take: a closed loop of `connections` keep-alive connections, each sending its next read when the
// last one is answered. Two passes over the same users: first reads (users new to the server: token, existence
// check and every section read from PostgreSQL), then, after an admin dropped every cached section, cache misses.
import { Agent, request } from "node:http";
import { decodedBody } from "./decoded-body.mjs";
import { cpuSecondsOf } from "./servers.mjs";

function get(url, agent, path, headers) {
  return new Promise((done, fail) => {
    const req = request({ host: url.hostname, port: url.port, path, agent, headers }, (res) => {
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () => done({ status: res.statusCode, body: decodedBody(Buffer.concat(chunks), res.headers["content-encoding"]).toString("utf8") }));
    });
    req.on("error", fail);
    req.end();
  });
}

async function pass(server, ids, headersFor, connections) {
  const url = new URL(server.url);
  let next = 0;
  let degraded = 0;
  let failed = 0;
  const cpuBefore = cpuSecondsOf(server.pid);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      while (next < ids.length) {
        const id = ids[next++];
        const reply = await get(url, agent, `/api/v1/intro-page/${id}`, headersFor(id));
        if (reply.status !== 200) failed++;
        else if (reply.body.includes('"degraded":true')) degraded++;
      }
      agent.destroy();
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const round2 = (n) => Math.round(n * 100) / 100;
  return { perSecond: Math.round(ids.length / seconds), cpuMsEach: round2(((cpuSecondsOf(server.pid) - cpuBefore) * 1000) / ids.length), degraded, failed };
}

/**
 * Both passes on `server` over `ids` (users it has not read yet). `dropCache` drops every cached section and
 * resolves once pages are served whole again (circuits closed). `around` wraps each pass (`"firstReads"`, then
 * `"cacheMisses"`), to measure it another way as well.
 */
export async function missCapacity(server, { ids, headersFor, dropCache, connections = 16, around = (_name, run) => run() }) {
  const firstReads = await around("firstReads", () => pass(server, ids, headersFor, connections));
  await dropCache(server);
  const cacheMisses = await around("cacheMisses", () => pass(server, ids, headersFor, connections));
  return { users: ids.length, connections, firstReads, cacheMisses };
}
