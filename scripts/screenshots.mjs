#!/usr/bin/env node
// Pictures of the widget for the docs, taken from the running demo so they stay current:
//   docs/images/widget.png        the demo page's <intro-page> in its default light theme;
//   docs/images/custom-theme.png  the same page with the CSS of docs/embedding.md's "A custom theme" block.
// Starts the built server (npm run build first) on a free port with a fresh embedded PGlite
// and demo data, drives headless Chromium (CHROMIUM_PATH, default /usr/bin/chromium) and stops it.
// Run: `npm run screenshots`.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const images = join(root, "docs", "images");
const width = 1100;
// The docs show the top of the page; the rest is more of the same and would only make the PNG heavy.
const maxHeight = 920;

/** The CSS between the custom-theme markers of docs/embedding.md: the picture shows exactly what the guide prints. */
function customThemeCss() {
  const guide = readFileSync(join(root, "docs", "embedding.md"), "utf8");
  const block = guide.match(/<!-- custom-theme:start -->\s*```css\n([\s\S]*?)```\s*<!-- custom-theme:end -->/);
  if (!block) throw new Error("docs/embedding.md has no ```css block between the custom-theme markers");
  return block[1];
}

/** Starts the built CLI in a scratch folder (its .data/ goes there) and resolves with the demo page URL it prints. */
function startDemoServer() {
  const cwd = mkdtempSync(join(tmpdir(), "intro-page-screenshots-"));
  // A cold PGlite answers the first queries slower than the 80 ms section budget; a demo picture wants every section.
  const env = { ...process.env, PORT: "0", LOG_LEVEL: "warn", SECTION_TIMEOUT_MS: "2000" };
  for (const name of ["DATABASE_URL", "REDIS_URL", "JWT_SECRET", "JWT_PUBLIC_KEY"]) delete env[name];
  const child = spawn(process.execPath, [join(root, "packages/server/dist/cli/start.js")], { cwd, env, stdio: ["ignore", "pipe", "inherit"] });
  const stop = () => {
    child.kill("SIGTERM");
    rmSync(cwd, { recursive: true, force: true });
  };
  return new Promise((resolvePage, reject) => {
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const url = output.match(/Demo page: (\S+)/)?.[1];
      if (url) resolvePage({ url, stop });
    });
    child.on("exit", (code) => reject(new Error(`the server exited (${code}) before printing the demo page:\n${output}`)));
  });
}

async function shoot(page, url, file, css) {
  await page.goto(url);
  if (css) await page.addStyleTag({ content: css });
  // Content is on screen once the widget says it rendered data (its intro-page-load event).
  await page.waitForFunction(() => window.introPageLoaded === true);
  await page.evaluate(() => document.fonts.ready);
  const box = await page.locator("intro-page").boundingBox();
  const clip = { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, maxHeight) };
  const path = join(images, file);
  await page.screenshot({ path, clip, animations: "disabled" });
  console.log(`${relative(root, path)}: ${Math.round(clip.width)}×${Math.round(clip.height)} px, ${Math.round(statSync(path).size / 1024)} KB`);
}

mkdirSync(images, { recursive: true });
const server = await startDemoServer();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
});
try {
  const context = await browser.newContext({ viewport: { width, height: 1000 }, colorScheme: "light", reducedMotion: "reduce", locale: "en-US" });
  await context.addInitScript(() => document.addEventListener("intro-page-load", () => (window.introPageLoaded = true)));
  const page = await context.newPage();
  // The page signs itself in (demo mode); the query only sets the widget's options.
  const url = `${new URL("/", server.url)}?theme=light&poll-interval=0&sections=personalization,statistics,actions,activity`;
  await shoot(page, url, "widget.png");
  await shoot(page, url, "custom-theme.png", customThemeCss());
} finally {
  await browser.close();
  server.stop();
}
