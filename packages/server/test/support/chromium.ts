// How the browser suites launch Chromium (npm test resolves CHROMIUM_PATH, scripts/browser.mjs),
// and axe-core's source to inject into their pages.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Headless on a closed network: no background traffic, no sandbox (CI runs as root), no /dev/shm limits. */
export const chromiumArgs = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"];
export const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
