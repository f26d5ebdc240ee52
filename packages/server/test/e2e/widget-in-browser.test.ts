/// <reference lib="dom" />
// DOM types for the functions that run inside the page (page.evaluate / waitForFunction).
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, startHarness, tokenFor, type Harness } from "../support/harness.js";
import { startTcpProxy, type TcpProxy } from "../support/tcp-proxy.js";
import { axeViolations, chromiumArgs, chromiumPath, deepText, instrument, openHost, sectionStates, twoFrames, viewports, waitForContent } from "../support/widget-host.js";

// The whole stack in real Chromium: the standalone bundle the server serves, on a
// host page of the test's own, against the real API (PostgreSQL when
// TEST_DATABASE_URL is set, else PGlite) with real tokens.

let h: Harness;
let browser: Browser;
beforeAll(async () => {
  h = await startHarness();
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

/** A fresh context (no storage, no cache) with the instrumentation installed. */
async function newPage(options: (typeof viewports)[keyof typeof viewports] = viewports.desktop): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.addInitScript(instrument);
  return { context, page };
}

const userToken = (userId: string) => tokenFor(as.user(userId), 900);

describe("the widget on a host page, against the real server", () => {
  for (const [name, viewport] of Object.entries(viewports)) {
    it(`when the page loads (${name}), then skeletons come first in the order the content arrives in, and content replaces them without a layout shift`, async () => {
      const { context, page } = await newPage(viewport);
      // Hold the page's API answer until the skeletons have been looked at: the skeleton state is then certain to be seen.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route(`${h.url}/api/v1/intro-page/**`, async (route) => {
        await held;
        await route.continue();
      });
      await openHost(page, h.url, { userId: "demo", token: userToken("demo") });
      await page.waitForFunction(() => {
        const sections = [...(document.querySelector("intro-page")?.shadowRoot?.querySelectorAll("[data-section]") ?? [])];
        return sections.length > 0 && sections.every((el) => el.shadowRoot?.querySelector('[part~="skeleton"]'));
      }, undefined, { timeout: 30_000 });
      await twoFrames(page);
      const skeletons = await sectionStates(page);
      release();
      await waitForContent(page);
      await twoFrames(page);
      const content = await sectionStates(page);

      const served = await h.call("GET", "/api/v1/intro-page/demo/personalization", { as: as.user("demo") });
      expect(skeletons.map((s) => s.name)).toEqual(served.body.data.layout.order);
      expect(content.map((s) => s.name)).toEqual(skeletons.map((s) => s.name));
      // The first section does not move at all; the score covers everything else in view.
      expect(content[0]!.top).toBe(skeletons[0]!.top);
      const shift = await page.evaluate(() => (window as unknown as { e2eLayoutShift: number }).e2eLayoutShift);
      console.log(`layout shift across the load (${name}): ${shift.toFixed(4)}`);
      expect(shift).toBeLessThanOrEqual(0.02);

      const marks = await page.evaluate(() => performance.getEntriesByType("mark").map((m) => m.name).filter((n) => n.startsWith("intro-page:")));
      expect(marks).toEqual(["intro-page:skeleton", "intro-page:content"]);

      if (name === "mobile") {
        // No horizontal overflow at 360 px: nothing is wider than the viewport.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow).toBe(0);
        expect(new Set(content.map((s) => s.left)).size).toBe(1);
      } else {
        // Two columns at 1280 px: actions and activity side by side, in the same row.
        const actions = content.find((s) => s.name === "actions")!;
        const activity = content.find((s) => s.name === "activity")!;
        expect(activity.top).toBe(actions.top);
        expect(activity.left).toBeGreaterThan(actions.left);
      }
      await context.close();
    }, 120_000);
  }

  it("when a service posts an event through the API, then the widget's next poll shows it", async () => {
    const { context, page } = await newPage();
    // Page reads only: the event stream (where the widget holds one) never ends, so its body is never read.
    const isPageRead = (method: string, url: string) => method === "GET" && /^\/api\/v1\/intro-page\/demo(\/(?!stream)[^/]+)?$/.test(new URL(url).pathname);
    // Each page answer's body, in the order the answers came (a 304 has none).
    const pageResponses: Array<Promise<string>> = [];
    page.on("response", (response) => {
      if (!isPageRead(response.request().method(), response.url())) return;
      pageResponses.push(response.status() === 200 ? response.text().catch(() => "") : Promise.resolve(""));
    });
    let requested = 0;
    page.on("request", (request) => {
      if (isPageRead(request.method(), request.url())) requested += 1;
    });
    await openHost(page, h.url, { userId: "demo", token: userToken("demo"), pollInterval: 2 });
    await waitForContent(page);

    const stamp = Date.now();
    const title = `E2E launch plan ${stamp}`;
    const posted = await h.call("POST", "/api/v1/events", {
      as: as.service(),
      body: {
        events: [
          { type: "activity", eventId: `e2e-activity-${stamp}`, userId: "demo", actor: { id: "demo", name: "Alice Moreau" }, verb: "shared", object: { type: "document", id: "doc_e2e", title }, occurredAt: new Date().toISOString() },
        ],
      },
    });
    expect(posted.status).toBe(202);
    const requestedBeforeEvent = requested;

    await page.waitForFunction((t) => (window as unknown as { e2eDeep(s: string): Element[] }).e2eDeep('[part~="activity-item"]').some((el) => el.textContent?.includes(t)), title, { timeout: 30_000 });
    // The answer that brought it was to a request sent at most one poll after the event was stored.
    const delivering = (await Promise.all(pageResponses)).findIndex((body) => body.includes(title));
    expect(delivering).toBeGreaterThanOrEqual(0);
    expect(delivering + 1).toBeLessThanOrEqual(requestedBeforeEvent + 1);
    await context.close();
  }, 120_000);

  it("when the user completes an urgent item, then actions, statistics and the welcome section all show the new counts", async () => {
    const { context, page } = await newPage();
    const before = (await h.call("GET", "/api/v1/intro-page/demo", { as: as.user("demo") })).body;
    const urgent = before.sections.actions.data.items.find((item: { priority: string }) => item.priority === "urgent");
    expect(urgent).toBeDefined();
    const openBefore: number = before.sections.actions.data.total;
    const urgentBefore: number = before.sections.actions.data.urgent;
    await openHost(page, h.url, { userId: "demo", token: userToken("demo"), pollInterval: 0 });
    await waitForContent(page);
    expect((await deepText(page, '[part~="metric"]')).join(" | ")).toContain(`Open items ${openBefore}`);

    await page.evaluate((title) => {
      const button = (window as unknown as { e2eDeep(s: string): Element[] })
        .e2eDeep('[part~="complete-button"]')
        .find((b) => b.getAttribute("aria-label")?.includes(title) || b.textContent?.includes(title)) as HTMLButtonElement | undefined;
      button?.click();
    }, urgent.title);

    // Every section the completion changed catches up without a reload.
    await page.waitForFunction(
      ({ open, urgentCount }) => {
        const deep = (window as unknown as { e2eDeep(s: string): Element[] }).e2eDeep;
        const text = (selector: string) => deep(selector).map((el) => el.textContent?.replace(/\s+/g, " ") ?? "").join(" | ");
        return text('[part~="metric"]').includes(`Open items ${open}`) && text('[part~="metric"]').includes(`Urgent items ${urgentCount}`) && text('[data-section="actions"], [part~="section"]').includes(`${open} open`);
      },
      { open: openBefore - 1, urgentCount: urgentBefore - 1 },
      { timeout: 30_000 },
    );
    const titles = await deepText(page, '[part~="action-item"]');
    expect(titles.some((t) => t.includes(urgent.title))).toBe(false);
    const after = (await h.call("GET", "/api/v1/intro-page/demo/personalization", { as: as.user("demo") })).body;
    // The welcome section shows the server's new message (it counts urgent items).
    expect(after.data.welcomeMessage).not.toBe(before.sections.personalization.data.welcomeMessage);
    await page.waitForFunction((message) => (window as unknown as { e2eDeep(s: string): Element[] }).e2eDeep(".message").some((el) => el.textContent?.includes(message)), after.data.welcomeMessage, { timeout: 30_000 });
    await context.close();
  }, 120_000);
});

describe("the widget when the server goes away and comes back", () => {
  let proxy: TcpProxy;
  let origin: string;
  beforeAll(async () => {
    const port = Number(new URL(h.url).port);
    proxy = await startTcpProxy("127.0.0.1", port);
    origin = `http://127.0.0.1:${proxy.port}`;
  });
  afterAll(async () => {
    await proxy?.close();
  });

  /** The widget's page reads in the order they started, each with whether the server was back by then and its status (0: failed). */
  function recordAttempts(page: Page): { restored: boolean; attempts: Array<{ afterRestore: boolean; status: Promise<number> }> } {
    const record = { restored: false, attempts: [] as Array<{ afterRestore: boolean; status: Promise<number> }> };
    page.on("request", (request) => {
      const path = new URL(request.url()).pathname;
      if (request.method() !== "GET" || !path.startsWith("/api/v1/intro-page/") || path.endsWith("/stream")) return;
      record.attempts.push({ afterRestore: record.restored, status: request.response().then((r) => r?.status() ?? 0, () => 0) });
    });
    return record;
  }

  it("when the server stops while content shows, then the widget says so; when it is back, the first attempt after that recovers by itself", async () => {
    const { context, page } = await newPage();
    const record = recordAttempts(page);
    await openHost(page, origin, { userId: "demo", token: userToken("demo"), pollInterval: 1 });
    await waitForContent(page);

    proxy.cut();
    await page.waitForFunction(() => document.querySelector("intro-page")?.shadowRoot?.querySelector('[part~="connection-notice"]'), undefined, { timeout: 60_000 });
    const problem = await page.evaluate(() => document.querySelector("intro-page")?.shadowRoot?.querySelector('[part~="connection-notice"]')?.getAttribute("data-problem"));
    expect(problem).toBe("unreachable");

    proxy.restore();
    record.restored = true;
    await page.waitForFunction(() => !document.querySelector("intro-page")?.shadowRoot?.querySelector('[part~="connection-notice"]'), undefined, { timeout: 60_000 });
    // No reload and no click: the poller's next scheduled attempt (one backoff step) after the server came back succeeded.
    const firstAfter = record.attempts.find((a) => a.afterRestore);
    expect(firstAfter).toBeDefined();
    expect([200, 304]).toContain(await firstAfter!.status);
    expect(await page.evaluate(() => performance.getEntriesByType("navigation").length)).toBe(1);
    await context.close();
  }, 180_000);

  it("when the server is down as the page opens, then the page error shows; when it is back, content appears without a click", async () => {
    const { context, page } = await newPage();
    // The API is cut from the start; the bundle comes straight from the server, past the proxy.
    proxy.cut();
    await page.route(`${origin}/dist/intro-page.standalone.js`, async (route) => {
      const bundle = await fetch(`${h.url}/dist/intro-page.standalone.js`);
      await route.fulfill({ status: 200, contentType: "text/javascript", body: Buffer.from(await bundle.arrayBuffer()) });
    });
    await openHost(page, origin, { userId: "demo", token: userToken("demo"), pollInterval: 1 });
    await page.waitForFunction(() => document.querySelector("intro-page")?.shadowRoot?.querySelector('[part~="page-error"]'), undefined, { timeout: 60_000 });
    expect(await deepText(page, '[part~="retry-button"]')).toHaveLength(1);

    proxy.restore();
    await waitForContent(page, 60_000);
    await context.close();
  }, 180_000);
});

describe("accessibility of the host page", () => {
  for (const theme of ["light", "dark"] as const) {
    it(`when the widget shows content in the ${theme} theme, then axe finds no violation`, async () => {
      const { context, page } = await newPage();
      await openHost(page, h.url, { userId: "demo", token: userToken("demo"), theme });
      await waitForContent(page);
      expect(await axeViolations(page)).toEqual([]);
      await context.close();
    }, 120_000);
  }
});
