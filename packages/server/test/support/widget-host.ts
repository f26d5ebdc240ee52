/// <reference lib="dom" />
// A host page for the standalone widget, served by the test itself (Playwright
// fulfils a same-origin URL), so the e2e suites depend on the server's API and
// bundle only, never on its demo page.
import type { Page } from "playwright-core";
import { axeSource } from "./chromium.js";

export { axeSource, chromiumArgs, chromiumPath } from "./chromium.js";

export const viewports = {
  desktop: { viewport: { width: 1280, height: 800 } },
  mobile: { viewport: { width: 360, height: 640 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
} as const;

export interface HostOptions {
  userId: string;
  token: string;
  pollInterval?: number;
  theme?: "light" | "dark";
}

/** The host page: a header, the tag (space reserved until it is defined, as docs/embedding.md advises) and a footer. */
export function hostHtml({ userId, token, pollInterval = 0, theme = "light" }: HostOptions): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>intro-page e2e host</title>
<style>
  body { margin: 0; font-family: system-ui, sans-serif; }
  header, footer { padding: 1rem; }
  h1 { margin: 0; font-size: 1.5rem; }
  intro-page:not(:defined) { display: block; min-block-size: 100vh; }
</style>
<script type="module" src="/dist/intro-page.standalone.js"></script>
</head>
<body>
<header><h1>Host application</h1></header>
<main><intro-page user-id="${userId}" token="${token}" poll-interval="${pollInterval}" theme="${theme}"></intro-page></main>
<footer>Host footer</footer>
</body>
</html>`;
}

/** Serves the host page at `${origin}/e2e-host` in `page` and opens it. */
export async function openHost(page: Page, origin: string, options: HostOptions): Promise<void> {
  await page.route(`${origin}/e2e-host`, (route) => route.fulfill({ contentType: "text/html; charset=utf-8", body: hostHtml(options) }));
  await page.goto(`${origin}/e2e-host`, { waitUntil: "domcontentloaded" });
}

/**
 * Runs in the page before any script: sums every layout shift (without recent input) into
 * `window.e2eLayoutShift` and defines `window.e2eDeep(selector)`, which finds elements in
 * every open shadow root.
 */
export function instrument(): void {
  const w = window as unknown as { e2eLayoutShift: number; e2eDeep(selector: string): Element[] };
  w.e2eLayoutShift = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as Array<PerformanceEntry & { value: number; hadRecentInput: boolean }>) {
      if (!entry.hadRecentInput) w.e2eLayoutShift += entry.value;
    }
  }).observe({ type: "layout-shift", buffered: true });
  w.e2eDeep = (selector) => {
    const found: Element[] = [];
    const walk = (root: Document | ShadowRoot) => {
      found.push(...root.querySelectorAll(selector));
      for (const el of root.querySelectorAll("*")) if (el.shadowRoot) walk(el.shadowRoot);
    };
    walk(document);
    return found;
  };
}

/** Text of every element matching `selector` in the page and its shadow roots. */
export function deepText(page: Page, selector: string): Promise<string[]> {
  return page.evaluate(
    (sel) => (window as unknown as { e2eDeep(s: string): Element[] }).e2eDeep(sel).map((el) => el.textContent?.replace(/\s+/g, " ").trim() ?? ""),
    selector,
  );
}

/** The sections in page order, each with what it shows (`loading`, `body` or `unavailable`) and its box. */
export function sectionStates(page: Page): Promise<Array<{ name: string; showing: string; top: number; left: number; height: number }>> {
  return page.evaluate(() =>
    [...(document.querySelector("intro-page")?.shadowRoot?.querySelectorAll<HTMLElement>("[data-section]") ?? [])].map((el) => {
      const box = el.getBoundingClientRect();
      return { name: el.dataset.section ?? "", showing: el.shadowRoot?.querySelector("section")?.className ?? "", top: box.top, left: box.left, height: box.height };
    }),
  );
}

/** Waits until every section shows content. */
export async function waitForContent(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const sections = [...(document.querySelector("intro-page")?.shadowRoot?.querySelectorAll("[data-section]") ?? [])];
      return sections.length > 0 && sections.every((el) => el.shadowRoot?.querySelector("section")?.className === "body");
    },
    undefined,
    { timeout },
  );
}

/** Runs axe on the whole page (shadow roots included); the ids of the rules violated. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown }> }> }> } }).axe.run();
    return result.violations.map((v) => `${v.id} ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  });
}

/** Two animation frames: whatever the last update changed has been laid out and painted. */
export function twoFrames(page: Page): Promise<void> {
  return page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
}
