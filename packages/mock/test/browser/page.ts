// Runs in real Chromium: starts the Service Worker through the browser entry
// and checks what a demo page relies on. Results go to `window.mockResults`.
import { createMockToken } from "../../src/index.js";
import { startIntroPageMockWorker } from "../../src/browser.js";

type Result = { name: string; ok: boolean; detail?: string };
const results: Result[] = [];
const auth = { Authorization: `Bearer ${createMockToken({ sub: "demo" })}` };

async function check(name: string, run: () => Promise<void>) {
  try {
    await run();
    results.push({ name, ok: true });
  } catch (error) {
    results.push({ name, ok: false, detail: String(error) });
  }
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

const { worker, mock } = await startIntroPageMockWorker({ start: { quiet: true, onUnhandledFrame: "bypass" } });

await check("when the page URL says ?scenario=degraded, then the worker starts in that scenario", async () => {
  assert(mock.scenario === "degraded", `scenario is ${mock.scenario}`);
  const response = await fetch("/api/v1/intro-page/demo", { headers: auth });
  const page = await response.json();
  assert(response.status === 200, `status ${response.status}`);
  assert(page.sections.system.status === "unavailable" && page.meta.degraded === true, JSON.stringify(page.meta));
});

await check("when an item is completed through the worker, then a later read no longer lists it", async () => {
  mock.setScenario("default");
  const before = await (await fetch("/api/v1/intro-page/demo/actions", { headers: auth })).json();
  const id = before.data.items[0].id;
  const completed = await fetch(`/api/v1/intro-page/demo/actions/${id}/complete`, { method: "POST", headers: auth });
  assert(completed.status === 200, `complete answered ${completed.status}`);
  const after = await (await fetch("/api/v1/intro-page/demo/actions", { headers: auth })).json();
  assert(!after.data.items.some((item: { id: string }) => item.id === id), "item still listed");
});

await check("when a read repeats its ETag, then the worker answers 304", async () => {
  const first = await fetch("/api/v1/intro-page/demo/statistics", { headers: auth });
  const second = await fetch("/api/v1/intro-page/demo/statistics", { headers: { ...auth, "If-None-Match": first.headers.get("ETag") ?? "" } });
  assert(second.status === 304, `status ${second.status}`);
});

await check("when there is no token, then the worker answers 401 problem+json", async () => {
  const response = await fetch("/api/v1/intro-page/demo");
  assert(response.status === 401, `status ${response.status}`);
  assert(response.headers.get("Content-Type")?.includes("application/problem+json"), "content type");
});

await check("when the scenario is offline, then fetch rejects with a network error", async () => {
  mock.setScenario("offline");
  const outcome = await fetch("/api/v1/health/live").then(() => "resolved", (error: unknown) => (error instanceof TypeError ? "network error" : String(error)));
  assert(outcome === "network error", outcome);
});

worker.stop();
(window as unknown as { mockResults: Result[] }).mockResults = results;
