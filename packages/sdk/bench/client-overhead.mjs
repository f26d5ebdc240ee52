#!/usr/bin/env node
// Prints what the SDK adds per call on top of fetch, with the network taken out:
// a plain fetch that answers from memory. Numbers, not assertions (run: npm run bench).
import { createIntroPageClient } from "@intro-page/sdk";

const page = JSON.stringify({
  userId: "demo",
  generatedAt: new Date().toISOString(),
  sections: Object.fromEntries(
    ["statistics", "actions", "activity", "personalization", "system"].map((name) => [
      name,
      { status: "ok", asOf: new Date().toISOString(), data: { items: Array.from({ length: 12 }, (_, i) => ({ id: `item_${i}`, title: `Item number ${i}` })) } },
    ]),
  ),
  meta: { coordinationMs: 3, cache: "hit", degraded: false },
});
const etag = 'W/"bench"';
const answer = (request) =>
  request.headers.get("If-None-Match") === etag
    ? new Response(null, { status: 304, headers: { ETag: etag } })
    : new Response(page, { headers: { "Content-Type": "application/json", ETag: etag } });
const fetch = async (request) => answer(request);

async function measure(label, iterations, call) {
  for (let i = 0; i < 500; i++) await call(); // warm up
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await call();
  const microseconds = Number(process.hrtime.bigint() - start) / 1000 / iterations;
  console.log(`${label.padEnd(48)} ${microseconds.toFixed(1).padStart(7)} µs/call`);
}

const iterations = Number(process.argv[2] ?? 5000);
console.log(`${iterations} calls each, ${(page.length / 1024).toFixed(1)} KB page, Node ${process.version}`);
await measure("baseline: fetch + Request + JSON.parse", iterations, async () => {
  const response = await fetch(new Request("http://intro-page.test/api/v1/intro-page/demo"));
  return response.json();
});
const plain = createIntroPageClient({ baseUrl: "http://intro-page.test", token: "t", fetch, etagCacheSize: 0 });
await measure("sdk getIntroPage, 200 (no ETag cache)", iterations, () => plain.getIntroPage({ userId: "demo" }));
const conditional = createIntroPageClient({ baseUrl: "http://intro-page.test", token: "t", fetch });
// A server that never confirms the validator: every answer is a 200 the client remembers anew.
const fresh = createIntroPageClient({
  baseUrl: "http://intro-page.test",
  token: "t",
  fetch: async () => new Response(page, { headers: { "Content-Type": "application/json", ETag: etag } }),
});
await measure("sdk getIntroPage, 200 remembered in the cache", iterations, () => fresh.getIntroPage({ userId: "demo" }));
await measure("sdk getIntroPage, 304 replayed from the cache", iterations, () => conditional.getIntroPage({ userId: "demo" }));
await measure("sdk getIntroPage, sections + abort signal", iterations, () =>
  plain.getIntroPage({ userId: "demo", sections: ["actions", "activity"] }, { signal: new AbortController().signal }),
);
