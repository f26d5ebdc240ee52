/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// DOM types for the functions that run inside the page (page.evaluate / waitForFunction).
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumArgs, chromiumPath } from "../support/chromium.js";
import { as, startHarness, tokenFor, type Harness } from "../support/harness.js";

// `npm start` without a key is demo mode: opening / must show the demo
// user's page by itself, without a token anywhere in an address.

/** Whether `text` appears anywhere under `<intro-page>`'s shadow roots. */
const widgetShows = (page: Page, text: string, timeout = 20_000) =>
  page.waitForFunction(
    (wanted) => {
      const walk = (root: Document | ShadowRoot): boolean =>
        [...root.querySelectorAll("*")].some((el) => el.shadowRoot && ((el.shadowRoot.textContent ?? "").includes(wanted) || walk(el.shadowRoot)));
      return walk(document);
    },
    { timeout },
    text,
  );

let h: Harness;
let keyed: Harness;
let browser: Browser;
beforeAll(async () => {
  [h, keyed] = await Promise.all([startHarness({ JWT_SECRET: "" }, { demo: { liveActivityIntervalMs: 500 } }), startHarness()]);
  browser = await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await Promise.all([h?.close(), keyed?.close()]);
});

describe("the demo page at /, with and without demo mode", () => {
  it("when / is opened, then the demo user's page renders with no token in any address, the picker switches to another seeded user, and the live-activity switch brings updates into the widget", async () => {
    const page = await browser.newPage();
    const requested: string[] = [];
    const failures: string[] = [];
    page.on("request", (request) => requested.push(request.url()));
    page.on("pageerror", (error) => failures.push(String(error)));
    page.on("response", (response) => response.status() >= 400 && failures.push(`${response.status()} ${response.url()}`));
    await page.goto(`${h.url}/`, { waitUntil: "load" });

    await widgetShows(page, "Dana Demo");
    expect(await page.evaluate(() => location.href)).toBe(`${h.url}/`);
    const picker = await page.$eval("#user", (select) => ({
      label: (select as HTMLSelectElement).labels?.[0]?.textContent?.trim(),
      users: [...(select as HTMLSelectElement).options].map((o) => [o.value, o.text]),
    }));
    expect(picker.label).toMatch(/^Demo user/);
    expect(picker.users).toContainEqual(["alice", "Alice Moreau"]);
    expect(picker.users.length).toBe(5);

    await page.select("#user", "alice");
    await widgetShows(page, "Alice Moreau");
    expect(await page.evaluate(() => location.href)).toBe(`${h.url}/`);

    // The live-activity switch: pressed, then a new event reaches the widget (its load event logs an update); pressed again, off.
    await page.click("#live");
    await page.waitForFunction(() => document.getElementById("live")?.getAttribute("aria-pressed") === "true", { timeout: 10_000 });
    expect((await h.call("GET", "/demo/live-activity")).body).toMatchObject({ enabled: true, userId: "alice" });
    await page.waitForFunction(() => document.getElementById("events")?.textContent?.includes("loaded alice (update)"), { timeout: 20_000 });
    await page.click("#live");
    await page.waitForFunction(() => document.getElementById("live")?.getAttribute("aria-pressed") === "false", { timeout: 10_000 });

    expect(requested.filter((url) => /token=|eyJ[\w-]+\.[\w-]+\./.test(url))).toEqual([]);
    expect(requested.some((url) => url.endsWith("/demo/token"))).toBe(true);
    expect(failures).toEqual([]);
    await page.close();
  }, 60_000);

  it("when / is opened in demo mode, then the first paint already shows the demo user's content: the HTML carries the page, no skeleton is drawn and no page request is made for it", async () => {
    const html = await h.call("GET", "/");
    expect(html.headers.get("cache-control")).toBe("no-store");
    expect(html.text).toMatch(/<intro-page id="intro" user-id="demo"><script type="application\/json" data-etag="[^"]+">\{"userId":"demo"/);

    const page = await browser.newPage();
    const pageReads: string[] = [];
    page.on("request", (request) => /\/api\/v1\/intro-page\/demo(\?|$)/.test(request.url()) && pageReads.push(request.url()));
    // Record every skeleton the widget ever draws, from before its script runs.
    await page.evaluateOnNewDocument(() => {
      (window as unknown as { skeletons: number }).skeletons = 0;
      const count = () => {
        const walk = (root: Document | ShadowRoot): number =>
          [...root.querySelectorAll("*")].reduce((n, el) => n + (el.getAttribute("part")?.split(" ").includes("skeleton") ? 1 : 0) + (el.shadowRoot ? walk(el.shadowRoot) : 0), 0);
        (window as unknown as { skeletons: number }).skeletons += walk(document);
        if (document.readyState !== "complete" || performance.now() < 3_000) requestAnimationFrame(count);
      };
      requestAnimationFrame(count);
    });
    await page.goto(`${h.url}/`, { waitUntil: "load" });
    await widgetShows(page, "Dana Demo", 10_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await page.evaluate(() => (window as unknown as { skeletons: number }).skeletons)).toBe(0);
    expect(pageReads).toEqual([]);
    await page.close();
  }, 60_000);

  it("when the server has a real key, then / shows how to get a token instead of demo controls, and a pasted token shows the page without entering the address", async () => {
    const page = await browser.newPage();
    const requested: string[] = [];
    const errors: string[] = [];
    page.on("request", (request) => requested.push(request.url()));
    page.on("pageerror", (error) => errors.push(String(error)));
    await page.goto(`${keyed.url}/`, { waitUntil: "load" });
    await page.waitForSelector("#setup:not([hidden])", { timeout: 20_000 });
    expect(await page.$eval("#setup", (section) => section.textContent)).toContain("npm run token");
    expect(await page.$$eval("[data-demo-only]", (controls) => controls.every((c) => (c as HTMLElement).hidden))).toBe(true);

    await page.type("#sign-in-token", tokenFor(as.user("demo"), 600));
    await page.click("#sign-in button[type=submit]");
    await widgetShows(page, "Dana Demo");
    expect(await page.evaluate(() => location.href)).toBe(`${keyed.url}/`);
    expect(requested.filter((url) => /token=|eyJ[\w-]+\.[\w-]+\./.test(url))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
