/// <reference lib="dom" />
// DOM types for the functions that run inside the page (page.evaluate / waitForFunction).
import puppeteer, { type Browser } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeSource, chromiumArgs, chromiumPath } from "../support/chromium.js";
import { as, startHarness, tokenFor, type Harness } from "../support/harness.js";

// The operators' dashboard in real Chromium against the real server: the page
// polls the admin metrics API and draws its charts.

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

describe("the operations dashboard at /dashboard", () => {
  it("when an admin connects, then every chart draws from the metrics API with no console error and no axe violation", async () => {
    // Some traffic, so the charts have something to show.
    for (let i = 0; i < 5; i++) await h.call("GET", "/api/v1/intro-page/demo", { as: as.user("demo") });

    const page = await browser.newPage();
    const problems: string[] = [];
    page.on("pageerror", (error) => problems.push(String(error)));
    page.on("console", (message) => message.type() === "error" && problems.push(message.text()));
    // axe is injected as an inline script, which the page's (strict) CSP would rightly refuse.
    await page.setBypassCSP(true);
    await page.goto(`${h.url}/dashboard`, { waitUntil: "load" });
    await page.type("#token", tokenFor(as.admin(), 600));
    await page.click("button[type=submit]");

    await page.waitForFunction(() => document.getElementById("status")?.textContent?.startsWith("Updated"), { timeout: 15_000 });
    const charts = await page.$$eval("figure[data-chart]", (figures) => figures.map((f) => f.getAttribute("data-chart")));
    expect(charts).toEqual(["rate", "p95", "errorRate", "hitRatio", "rateLimited", "openCircuits"]);
    // The page-read latency and the hit ratio have a value from the first snapshot.
    const p95 = await page.$eval("figure[data-chart=p95] output", (o) => o.textContent);
    expect(p95).toMatch(/^\d+(\.\d)? ms$/);
    const sections = await page.$$eval("#circuits tbody th", (cells) => cells.map((c) => c.textContent));
    expect(sections).toEqual(["personalization", "actions", "statistics", "activity", "system"]);

    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async () => {
      const result = await (window as unknown as { axe: { run: () => Promise<{ violations: Array<{ id: string }> }> } }).axe.run();
      return result.violations.map((v) => v.id);
    });
    expect(violations).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it("when the token is not an admin's, then the page says the metrics API refused it", async () => {
    const page = await browser.newPage();
    await page.goto(`${h.url}/dashboard`, { waitUntil: "load" });
    await page.type("#token", tokenFor(as.user("demo"), 600));
    await page.click("button[type=submit]");
    await page.waitForFunction(() => document.getElementById("status")?.textContent?.includes("403"), { timeout: 15_000 });
    expect(await page.$$eval("#circuits tbody tr", (rows) => rows.length)).toBe(0);
    await page.close();
  }, 60_000);
});
