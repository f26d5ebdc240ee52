#!/usr/bin/env node
// `npm run bench:allocations`: what our server allocates on V8's heap per first read and per cache miss, and in
// which functions. The garbage collector is about a third of a miss's instructions (docs/performance.md, eleventh
// round), so what a page allocates is what it costs the collector.
//
// The server runs with the inspector on a loopback port; V8's sampling heap profiler records every allocation it
// samples (one per `--interval` bytes on average), including objects collected since, while the same phases as
// bench:instructions run: first reads of `--users` seeded users (closed loop, 16 connections, a browser's
// `Accept-Encoding`), then the same users after every cached section was dropped. It prints the sampled kilobytes a
// page by allocating function, largest first. Samples are an estimate: compare builds by several runs, not one.
//
//   DATABASE_URL=postgres://… npm run bench:allocations -- [--users 2000] [--top 30] [--accept-encoding identity]
import { parseArgs } from "node:util";
import { missCapacity } from "./hot-path/miss-capacity.mjs";
import { browserAcceptEncoding, dropCache, oursEnv, requireSeededDatabase, requireWholePages, seededReaders, warmUp } from "./hot-path/ours.mjs";
import { startOurs } from "./hot-path/servers.mjs";

const { values: args } = parseArgs({
  options: {
    users: { type: "string", default: "2000" },
    top: { type: "string", default: "30" },
    interval: { type: "string", default: "1024" },
    "accept-encoding": { type: "string", default: browserAcceptEncoding },
    "inspector-port": { type: "string", default: "9239" },
  },
});
requireSeededDatabase();
const readers = seededReaders(Number(args.users), args["accept-encoding"]);
const { measured, headersFor } = readers;
/** Pages read at once, as the benchmark's capacity pass reads them. */
const connections = 16;
const inspector = `127.0.0.1:${args["inspector-port"]}`;

/** A Chrome DevTools Protocol session over the inspector's WebSocket: `call(method, params)` resolves with the reply. */
async function devtools() {
  const [{ webSocketDebuggerUrl }] = await (await fetch(`http://${inspector}/json/list`)).json();
  const socket = new WebSocket(webSocketDebuggerUrl);
  await new Promise((opened, failed) => {
    socket.addEventListener("open", opened, { once: true });
    socket.addEventListener("error", failed, { once: true });
  });
  let last = 0;
  const waiting = new Map();
  socket.addEventListener("message", (event) => {
    const reply = JSON.parse(event.data);
    waiting.get(reply.id)?.(reply);
    waiting.delete(reply.id);
  });
  const call = (method, params = {}) =>
    new Promise((answered, failed) => {
      const id = ++last;
      waiting.set(id, (reply) => (reply.error ? failed(new Error(`${method}: ${reply.error.message}`)) : answered(reply.result)));
      socket.send(JSON.stringify({ id, method, params }));
    });
  return { call, close: () => socket.close() };
}

/** Sampled bytes by allocating function ("name file:line"), from a sampling heap profile's call tree. */
function bytesByFunction(profile) {
  const bytes = new Map();
  const visit = (node) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^.*\/node_modules\//, "").replace(/^.*\/packages\/server\//, "");
    const where = `${functionName || "(anonymous)"} ${file || "(native)"}${file ? `:${lineNumber + 1}` : ""}`;
    if (node.selfSize > 0) bytes.set(where, (bytes.get(where) ?? 0) + node.selfSize);
    for (const child of node.children) visit(child);
  };
  visit(profile.head);
  return bytes;
}

const server = await startOurs(oursEnv, undefined, [`--inspect=${inspector}`]);
try {
  await warmUp(server, readers, connections);
  const session = await devtools();
  await session.call("HeapProfiler.enable");
  await session.call("HeapProfiler.startSampling", { samplingInterval: Number(args.interval), includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  const counted = await missCapacity(server, { ids: measured, headersFor, dropCache, connections });
  const { profile } = await session.call("HeapProfiler.stopSampling");
  session.close();
  requireWholePages(counted);
  const pages = 2 * measured.length;
  const bytes = bytesByFunction(profile);
  const total = [...bytes.values()].reduce((sum, size) => sum + size, 0);
  console.log(`sampled V8 heap allocation: ${(total / pages / 1024).toFixed(1)} KB a page over ${pages} pages (first reads and misses), Accept-Encoding "${args["accept-encoding"]}"\n`);
  console.log("| KB a page | share | function |\n| ---: | ---: | --- |");
  for (const [where, size] of [...bytes].sort((a, b) => b[1] - a[1]).slice(0, Number(args.top))) {
    console.log(`| ${(size / pages / 1024).toFixed(2)} | ${((100 * size) / total).toFixed(1)}% | \`${where}\` |`);
  }
} finally {
  await server.stop();
}
