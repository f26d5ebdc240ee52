#!/usr/bin/env node
// Prints how long the mock takes to answer common requests through msw/node and
// real fetch, and how large the browser bundle is. Numbers, not assertions.
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { createMockToken } from "../dist/index.js";
import { setupIntroPageMockServer } from "../dist/node.js";

const { server, mock } = setupIntroPageMockServer();
server.listen({ onUnhandledFrame: "error" });
const headers = { authorization: `Bearer ${createMockToken({ sub: "demo" })}` };
const base = "http://bench.intro-page.test/api/v1/intro-page/demo";

async function measure(name, count, request) {
  for (let i = 0; i < 50; i++) await request(); // warm-up (first ajv compile, JIT)
  const started = performance.now();
  for (let i = 0; i < count; i++) await request();
  const perRequestMs = (performance.now() - started) / count;
  console.log(`${name.padEnd(40)} ${perRequestMs.toFixed(3)} ms/request  (${Math.round(1000 / perRequestMs)} req/s, n=${count})`);
}

await measure("GET page (200, ~10 KB)", 2000, () => fetch(base, { headers }).then((r) => r.arrayBuffer()));
const etag = (await fetch(base, { headers })).headers.get("etag");
await measure("GET page with If-None-Match (304)", 2000, () => fetch(base, { headers: { ...headers, "if-none-match": etag } }).then((r) => r.arrayBuffer()));
await measure("GET activity page (limit 20)", 2000, () => fetch(`${base}/activity`, { headers }).then((r) => r.arrayBuffer()));
await measure("PATCH preferences (ajv-validated)", 1000, () =>
  fetch(`${base}/preferences`, { method: "PATCH", headers: { ...headers, "content-type": "application/json" }, body: '{"locale":"de-DE"}' }).then((r) => r.arrayBuffer()),
);
server.close();
mock.stopLive();

const bundle = await build({ entryPoints: ["src/browser.ts"], bundle: true, minify: true, format: "esm", platform: "browser", write: false, logLevel: "error" });
const bytes = bundle.outputFiles[0].contents;
console.log(`browser entry bundled with msw, faker, ajv: ${(bytes.length / 1024).toFixed(0)} KB minified, ${(gzipSync(bytes).length / 1024).toFixed(0)} KB gzip`);
