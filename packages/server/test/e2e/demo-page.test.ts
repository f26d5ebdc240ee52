/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// DOM types for the functions that run inside the page (page.evaluate / waitForFunction).
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumArgs, chromiumPath } from "../support/chromium.js";
import { as, startHarness, tokenFor, type Harness } from "../support/harness.js";

// The whole stack in real Chromium: the reference server serves the widget's
// demo page, the standalone bundle (Lit + SDK) calls the real API with a real JWT.

/** Text of every element matching `selector` anywhere under `<intro-page>`'s shadow roots. */
function deepText(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const found: string[] = [];
    const walk = (root: Document | ShadowRoot) => {
      root.querySelectorAll(sel).forEach((el) => found.push(el.textContent?.replace(/\s+/g, " ").trim() ?? ""));
      root.querySelectorAll("*").forEach((el) => el.shadowRoot && walk(el.shadowRoot));
    };
    walk(document);
    return found;
  }, selector);
}

let h: Harness;
let browser: Browser;
beforeAll(async () => {
  h = await startHarness();
  browser = await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await h?.close();
});

describe("the demo page served by the reference server", () => {
  it("when demo opens / with a token, then the widget renders their real data, and completing an item reaches the database", async () => {
    const token = tokenFor(as.user("demo"), 600);
    const before = await h.call("GET", "/api/v1/intro-page/demo/actions", { as: as.user("demo") });
    const firstTitle: string = before.body.data.items[0].title;

    const page = await browser.newPage();
    const failures: string[] = [];
    page.on("pageerror", (error) => failures.push(String(error)));
    page.on("response", (response) => response.status() >= 400 && failures.push(`${response.status()} ${response.url()}`));
    await page.goto(`${h.url}/?user-id=demo&token=${token}&poll-interval=0`, { waitUntil: "load" });

    await page.waitForFunction(
      () => document.getElementById("events")?.textContent?.includes("intro-page-load"),
      { timeout: 20_000 },
    );
    const buttons = await deepText(page, "button");
    // Each button names its item for screen readers: "Complete <title>".
    expect(buttons.filter((text) => text.startsWith("Complete ")).length).toBe(before.body.data.items.length);
    expect(buttons).toContain(`Complete ${firstTitle}`);
    expect((await deepText(page, "h2")).join(" | ")).toMatch(/statistics/i);

    // Complete the first item through the UI, then read it back over the API.
    await page.evaluate(() => {
      const walk = (root: Document | ShadowRoot): HTMLButtonElement | undefined => {
        const button = [...root.querySelectorAll("button")].find((b) => b.textContent?.trim().startsWith("Complete "));
        if (button) return button;
        for (const el of root.querySelectorAll("*")) {
          const inner = el.shadowRoot && walk(el.shadowRoot);
          if (inner) return inner;
        }
        return undefined;
      };
      walk(document)?.click();
    });
    await page.waitForFunction(() => document.getElementById("events")?.textContent?.includes("intro-page-action"), { timeout: 10_000 });
    const after = await h.call("GET", "/api/v1/intro-page/demo/actions", { as: as.user("demo") });
    expect(after.body.data.total).toBe(before.body.data.total - 1);
    expect(after.body.data.items.map((item: { title: string; id: string }) => item.id)).not.toContain(before.body.data.items[0].id);
    expect(failures).toEqual([]);
    await page.close();
  }, 60_000);
});
