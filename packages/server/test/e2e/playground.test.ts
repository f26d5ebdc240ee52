/// <reference lib="dom" />
// DOM types for the functions that run inside the page (page.evaluate / waitForFunction).
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPlayground } from "../../../widget/playground/server.mjs";
import { axeViolations, chromiumArgs, chromiumPath } from "../support/widget-host.js";

// The mock playground (`npm run playground`) in real Chromium: the widget from
// source against @intro-page/mock's Service Worker, in every scenario the mock
// plays, in both themes, with no accessibility violation.

const scenarios = ["default", "empty", "slow", "degraded", "server-error", "unauthorized", "rate-limited", "offline"] as const;

let playground: { url: string; close(): Promise<void> };
let browser: Browser;
beforeAll(async () => {
  playground = await startPlayground();
  browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await playground?.close();
});

describe("the mock playground", () => {
  it("when a scenario is picked in the switcher, then the page reloads in it and the widget plays it", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${playground.url}/`);
    await page.waitForFunction(() => document.querySelector("intro-page")?.shadowRoot?.querySelector('.base[aria-busy="false"]'), undefined, { timeout: 60_000 });
    const options = await page.$$eval("#scenario option", (all) => all.map((o) => (o as HTMLOptionElement).value));
    expect(options).toEqual([...scenarios]);
    await Promise.all([page.waitForURL(/scenario=server-error/), page.selectOption("#scenario", "server-error")]);
    await page.waitForFunction(() => document.querySelector("intro-page")?.shadowRoot?.querySelector('[part~="page-error"]'), undefined, { timeout: 60_000 });
    await context.close();
  }, 120_000);

  for (const theme of ["light", "dark"] as const) {
    describe(`in the ${theme} theme`, () => {
      // One tab per theme, moved from scenario to scenario: the mock's Service Worker is registered once.
      let context: Awaited<ReturnType<Browser["newContext"]>>;
      let page: Awaited<ReturnType<typeof context.newPage>>;
      beforeAll(async () => {
        context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        page = await context.newPage();
      });
      afterAll(() => context?.close());

      for (const scenario of scenarios) {
        it(`when the ${scenario} scenario plays in the ${theme} theme, then axe finds no violation on the page`, async () => {
          await page.goto(`${playground.url}/?scenario=${scenario}&theme=${theme}`);
          expect(await page.evaluate(() => new URLSearchParams(location.search).get("scenario"))).toBe(scenario);
          // Whatever the scenario ends in: content, a degraded page or the page error (the slow one after its delay).
          await page.waitForFunction(() => document.querySelector("intro-page")?.shadowRoot?.querySelector('.base[aria-busy="false"]'), undefined, { timeout: 60_000 });
          expect(await axeViolations(page)).toEqual([]);
        }, 120_000);
      }
    });
  }
});
