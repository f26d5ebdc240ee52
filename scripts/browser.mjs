#!/usr/bin/env node
// Finds a Chromium for the browser suites, or gets one. `npm test` calls
// `resolveBrowser()` once and hands the path to every runner as CHROMIUM_PATH,
// so a fresh machine needs no manual browser install:
//   1. CHROMIUM_PATH (or CHROME_PATH) when it points at an executable;
//   2. a system Chromium or Chrome at the usual places;
//   3. a browser this script downloaded earlier (node_modules/.cache);
//   4. as root on Debian/Ubuntu: the distribution's package via apt-get;
//   5. online: Chrome for Testing, downloaded by @puppeteer/browsers.
// When none of these works it says, in one line, what to install.
// Run alone: `node scripts/browser.mjs` prints the path it would use.
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import { platform } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const cacheDir = join(root, "node_modules", ".cache", "intro-page-browser");

const systemCandidates = {
  linux: ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable", "/snap/bin/chromium"],
  darwin: [
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  ],
  win32: [
    "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
    "C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe",
  ],
};

/** What to tell someone whose machine has no browser and could not get one. */
export const missingBrowserHint =
  "no Chromium found: install one (Debian/Ubuntu: `sudo apt-get install chromium`, macOS: `brew install --cask chromium`) or set CHROMIUM_PATH to a Chrome/Chromium executable";

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function downloadedBrowser() {
  if (!existsSync(cacheDir)) return undefined;
  const { getInstalledBrowsers } = await import("@puppeteer/browsers");
  const installed = await getInstalledBrowsers({ cacheDir });
  return installed.map((browser) => browser.executablePath).find(isExecutable);
}

/** apt-get as root: the path where the package installed its browser, or undefined. */
function installWithApt(log) {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const hasApt = spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0;
  if (platform() !== "linux" || !isRoot || !hasApt) return undefined;
  log("installing Chromium with apt-get (about 30 s)");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  spawnSync("apt-get", ["update", "-qq"], { stdio: "ignore", env, timeout: 300_000 });
  for (const pkg of ["chromium", "chromium-browser"]) {
    const result = spawnSync("apt-get", ["install", "-y", "-qq", pkg], { stdio: "ignore", env, timeout: 600_000 });
    if (result.status === 0) return systemCandidates.linux.find(isExecutable);
  }
  return undefined;
}

async function download(log) {
  const { Browser, detectBrowserPlatform, install, resolveBuildId } = await import("@puppeteer/browsers");
  const browserPlatform = detectBrowserPlatform();
  if (!browserPlatform) return undefined;
  try {
    log("downloading Chrome for Testing (stable) into node_modules/.cache");
    const buildId = await resolveBuildId(Browser.CHROME, browserPlatform, "stable");
    const installed = await install({ browser: Browser.CHROME, buildId, cacheDir, platform: browserPlatform });
    return installed.executablePath;
  } catch {
    return undefined;
  }
}

/**
 * The browser the suites should use: `{ path, source }`, or `{ missing }` with
 * the one-line reason when none can be found or installed.
 */
export async function resolveBrowser({ install = true, log = () => {} } = {}) {
  for (const name of ["CHROMIUM_PATH", "CHROME_PATH"]) {
    const path = process.env[name];
    if (path && isExecutable(path)) return { path, source: name };
  }
  const system = (systemCandidates[platform()] ?? []).find(isExecutable);
  if (system) return { path: system, source: "system" };
  const cached = await downloadedBrowser();
  if (cached) return { path: cached, source: "downloaded earlier" };
  if (install) {
    const viaApt = installWithApt(log);
    if (viaApt) return { path: viaApt, source: "installed with apt-get" };
    const downloaded = await download(log);
    if (downloaded) return { path: downloaded, source: "downloaded" };
  }
  return { missing: missingBrowserHint };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const found = await resolveBrowser({ log: (line) => console.error(`browser: ${line}`) });
  if (found.missing) {
    console.error(`browser: ${found.missing}`);
    process.exit(1);
  }
  console.log(found.path);
}
