// Widget timings in headless Chromium: how long the demo page takes to show
// the first skeleton and the content, over N fresh loads. The times are the
// widget's `intro-page:skeleton` and `intro-page:content` performance marks;
// where they are missing (an older bundle), they come from observing the DOM
// (a frame loop that looks through the shadow roots) and the widget's own
// `intro-page-load` event.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { summarize } from "./stats.mjs";

/** Headless flags that work on CI machines (see /usr/bin/chromium in the README). */
const chromiumArgs = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"];

// Runs in the page before any script: records when a skeleton first shows and when content has painted.
const observer = () => {
  const timing = (window.__introPagePerf = { skeleton: null, content: null });
  const hasSkeleton = (root) => {
    if (root.querySelector?.('[part~="skeleton"]')) return true;
    for (const el of root.querySelectorAll?.("*") ?? []) if (el.shadowRoot && hasSkeleton(el.shadowRoot)) return true;
    return false;
  };
  const frame = () => {
    if (timing.skeleton === null && hasSkeleton(document)) timing.skeleton = performance.now();
    if (timing.content === null) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  document.addEventListener("intro-page-load", () => requestAnimationFrame(() => (timing.content ??= performance.now())), { once: true });
};

/**
 * Loads `pageUrl` `loads` times, each in a fresh browser context.
 * @returns {Promise<{ loads: number, source: string, skeletonMs: object, contentMs: object }>}
 */
export async function measureWidget({ pageUrl, loads = 5, executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" }) {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath, args: chromiumArgs, headless: true });
  const skeleton = [];
  const content = [];
  let source = "DOM observation (first [part=skeleton] in the shadow roots; first frame after intro-page-load)";
  try {
    for (let i = 0; i < loads; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.addInitScript(observer);
      await page.goto(pageUrl, { waitUntil: "load" });
      await page.waitForFunction(() => window.__introPagePerf?.content !== null, null, { timeout: 30_000 });
      const t = await page.evaluate(() => ({
        ...window.__introPagePerf,
        marks: performance.getEntriesByType("mark").filter((m) => m.name.startsWith("intro-page")).map((m) => ({ name: m.name, at: m.startTime })),
      }));
      const mark = (needle) => t.marks.find((m) => m.name.includes(needle))?.at;
      if (mark("skeleton") !== undefined && mark("content") !== undefined) source = "performance marks set by the widget";
      skeleton.push(mark("skeleton") ?? t.skeleton ?? t.content);
      content.push(mark("content") ?? t.content);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return { loads, source, skeletonMs: summarize(skeleton), contentMs: summarize(content) };
}

/** Sizes of the widget's shipped JavaScript: raw, gzip and brotli bytes. */
export function bundleSizes(distDir) {
  if (!existsSync(distDir)) return [];
  return readdirSync(distDir)
    .filter((f) => f.endsWith(".js"))
    .map((file) => {
      const bytes = readFileSync(join(distDir, file));
      return { file, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, brotli: brotliCompressSync(bytes).length };
    });
}
