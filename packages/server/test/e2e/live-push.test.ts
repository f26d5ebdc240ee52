/// <reference lib="dom" />
// DOM types for the functions that run inside the page (page.evaluate / waitForFunction).
import { randomUUID } from "node:crypto";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { chromiumArgs, chromiumPath } from "../support/chromium.js";
import { as, startHarness, tokenFor, type Harness } from "../support/harness.js";
import { startLiveProxy, type LiveProxy } from "./live-proxy.js";

// Live push end to end in real Chromium: the standalone <intro-page> on a host
// page, served by the reference server through a recording proxy (./live-proxy.ts),
// with the page's event stream, its polling fallback and the tabs sharing one stream.
/** Generous: the suite shares two cores with the rest of `npm test`. */
const wait = { timeout: 30_000 };

let h: Harness;
let proxy: LiveProxy;
let browser: Browser;
let context: BrowserContext | undefined;
beforeAll(async () => {
  // A heartbeat every second is the suite's clock for "no poll happened meanwhile"; a short retry hint speeds reconnection.
  h = await startHarness({ LIVE_HEARTBEAT_S: "1", LIVE_RETRY_MS: "200" });
  proxy = await startLiveProxy(h.url);
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}, 60_000);
afterEach(async () => {
  await context?.close();
  context = undefined;
  proxy.setStreamsDown(false);
});
afterAll(async () => {
  await browser?.close();
  await proxy?.close();
  await h?.close();
});

/** GETs of `userId`'s page (not its stream, not its sub-resources). */
const pageGets = (userId: string) => proxy.log.filter((r) => r.method === "GET" && new RegExp(`^/api/v1/intro-page/${userId}(\\?|$)`).test(r.path)).length;
/** Stream requests for `userId`'s page. */
const streamRequests = (userId: string) => proxy.log.filter((r) => r.path.startsWith(`/api/v1/intro-page/${userId}/stream`)).length;

/** Resolves once `condition` holds, polling it from Node (for proxy-side conditions). */
async function until(condition: () => boolean, what: string, timeoutMs = wait.timeout): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits until `count` more heartbeats reached the browser: proof that at least `count - 1` seconds passed. */
async function heartbeats(count: number): Promise<void> {
  const from = proxy.heartbeats();
  await until(() => proxy.heartbeats() >= from + count, `${count} heartbeats`);
}

/** Opens the host page for `userId` in `context`, with the widget's attributes, and waits for its first render. */
async function openTab(userId: string, attributes: Record<string, string> = {}): Promise<Page> {
  context ??= await browser.newContext();
  const page = await context.newPage();
  const query = new URLSearchParams({ "user-id": userId, token: tokenFor(as.user(userId), 600), ...attributes });
  await page.goto(`${proxy.url}/host?${query}`, { waitUntil: "load" });
  await firstItemTitle(page);
  return page;
}

/** Resolves when the widget in `page` shows an action item titled `title` (searching every shadow root). */
function showsItem(page: Page, title: string): Promise<void> {
  return page
    .waitForFunction(
      (text) => {
        const walk = (root: Document | ShadowRoot): boolean =>
          [...root.querySelectorAll("*")].some((el) => (el.shadowRoot && walk(el.shadowRoot)) || (el.children.length === 0 && el.textContent?.trim() === text));
        return walk(document);
      },
      title,
      wait,
    )
    .then(() => undefined);
}

/** The text of the widget's live region. */
const liveRegion = (page: Page) =>
  page.evaluate(() => document.querySelector("intro-page")?.shadowRoot?.querySelector('[aria-live="polite"]')?.textContent?.trim() ?? "");

/** Adds an urgent action item for `userId` through the API, as the host's backend would. */
async function addUrgentItem(userId: string): Promise<string> {
  const title = `Live item ${randomUUID().slice(0, 8)}`;
  const reply = await h.call("POST", "/api/v1/events", {
    as: as.service(),
    body: { events: [{ type: "action", eventId: `live-${randomUUID()}`, userId, item: { id: `act_live_${randomUUID().slice(0, 8)}`, kind: "task", title, priority: "urgent" } }] },
  });
  expect(reply.status).toBe(202);
  return title;
}

describe("<intro-page> with live push against the reference server", () => {
  it("when a change is made through the API, then the widget shows it and announces only that, with no poll", async () => {
    // Polls every 10 minutes: a change seen within the test came over the stream.
    const page = await openTab("alice", { "poll-interval": "600" });
    await until(() => proxy.openStreams() === 1, "the page stream to open");
    const before = await liveRegion(page);

    const title = await addUrgentItem("alice");
    await showsItem(page, title);

    expect(streamRequests("alice")).toBe(1);
    await page.waitForFunction((t) => document.querySelector("intro-page")?.shadowRoot?.querySelector('[aria-live="polite"]')?.textContent?.includes(t), title, wait);
    // The live region says what is new (one item, by its title) and nothing else changed there.
    expect(await liveRegion(page)).toBe(`New urgent item: ${title}.`);
    expect(before).not.toContain(title);
    // The stream transport came as its own file next to the bundle, served under /dist/.
    expect(proxy.log.filter((r) => r.path.startsWith("/dist/live/")).map((r) => `${r.path} ${r.status}`)).toContain("/dist/live/page-stream.js 200");
  }, 90_000);

  it("when the stream is killed, then the widget falls back to polling, and when the stream is back, then polling stops", async () => {
    const page = await openTab("bob", { "poll-interval": "1" });
    await until(() => proxy.openStreams() === 1, "the page stream to open");

    proxy.setStreamsDown(true);
    const atKill = pageGets("bob");
    // Polling every second: several fetches with no stream.
    await until(() => pageGets("bob") >= atKill + 3, "polls after the stream died");
    expect(proxy.openStreams()).toBe(0);
    const polled = await addUrgentItem("bob");
    await showsItem(page, polled);

    proxy.setStreamsDown(false);
    await until(() => proxy.openStreams() === 1, "the page stream to come back", 60_000);
    // The reconnect's `sync` event may trigger one catch-up fetch; let it land, then watch a quiet stretch.
    await heartbeats(1);
    const afterRecovery = pageGets("bob");
    await heartbeats(4); // at least three seconds: three polls' worth at a one-second interval
    expect(pageGets("bob")).toBe(afterRecovery);

    const pushed = await addUrgentItem("bob");
    await showsItem(page, pushed);
    expect(pageGets("bob")).toBe(afterRecovery + 1); // the one conditional fetch the change event asked for
  }, 120_000);

  it("when five tabs of one user are open, then they share one stream, nothing polls, and one change reaches all five with one fetch", async () => {
    const tabs: Page[] = [];
    for (let i = 0; i < 5; i++) tabs.push(await openTab("carol", { "poll-interval": "1" }));
    const shown = await firstItemTitle(tabs[0]!);
    for (const tab of tabs) await showsItem(tab, shown);
    await until(() => proxy.openStreams() === 1, "one page stream");

    await heartbeats(1);
    const settled = pageGets("carol");
    await heartbeats(4); // at least three seconds, three polls' worth per tab at a one-second interval
    expect(pageGets("carol")).toBe(settled);
    expect(streamRequests("carol")).toBe(1);
    expect(proxy.openStreams()).toBe(1);

    const title = await addUrgentItem("carol");
    for (const tab of tabs) await showsItem(tab, title);
    expect(pageGets("carol")).toBe(settled + 1);
    expect(streamRequests("carol")).toBe(1);
  }, 120_000);

  it("when the leader tab closes, then another tab takes over the stream and keeps getting changes", async () => {
    const leader = await openTab("dave", { "poll-interval": "600" });
    await until(() => proxy.openStreams() === 1, "the first tab's stream");
    const followers = [await openTab("dave", { "poll-interval": "600" }), await openTab("dave", { "poll-interval": "600" })];
    const first = await addUrgentItem("dave");
    for (const tab of followers) await showsItem(tab, first);
    expect(streamRequests("dave")).toBe(1);

    await leader.close();
    await until(() => streamRequests("dave") === 2 && proxy.openStreams() === 1, "a follower to open the stream");
    const second = await addUrgentItem("dave");
    for (const tab of followers) await showsItem(tab, second);
    expect(proxy.openStreams()).toBe(1);
  }, 120_000);
});

/** The title of the first action item the widget in `page` shows, once it shows one. */
async function firstItemTitle(page: Page): Promise<string> {
  const handle = await page.waitForFunction(
    () => {
      const walk = (root: Document | ShadowRoot): string | undefined => {
        const item = root.querySelector("[part~='item-title']");
        if (item?.textContent?.trim()) return item.textContent.trim();
        for (const el of root.querySelectorAll("*")) {
          const found = el.shadowRoot && walk(el.shadowRoot);
          if (found) return found;
        }
        return undefined;
      };
      return walk(document);
    },
    undefined,
    wait,
  );
  return (await handle.jsonValue()) as string;
}
