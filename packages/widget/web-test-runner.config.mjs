// Browser tests: real Chromium through puppeteer-core, TypeScript through esbuild.
import { esbuildPlugin } from "@web/dev-server-esbuild";
import { chromeLauncher } from "@web/test-runner-chrome";
import { browserCommandsPlugin } from "./test/support/browser-commands-plugin.mjs";
import { vendorBundlesPlugin } from "./test/support/vendor-bundles-plugin.mjs";
import { visualPlugin } from "./test/support/visual-plugin.mjs";

export default {
  rootDir: "../..",
  files: ["test/browser/**/*.test.ts", "test/browser/**/*.test.tsx"],
  // Lit's development build checks more (and warns about update loops) while testing.
  nodeResolve: { exportConditions: ["browser", "development"] },
  plugins: [
    // Standard decorators are not in Chromium yet: lower them (and everything newer) to ES2022.
    esbuildPlugin({ ts: true, tsx: true, target: "es2022", tsconfig: new URL("./tsconfig.json", import.meta.url).pathname }),
    vendorBundlesPlugin(),
    browserCommandsPlugin(),
    visualPlugin(),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
        headless: true,
        args: [
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
          "--disable-dev-shm-usage",
        ],
      },
    }),
  ],
  // One page at a time: a second page would be a background tab, which Chromium
  // reports as hidden, and the SDK's poller (rightly) pauses in hidden tabs.
  concurrency: 1,
  testFramework: { config: { timeout: 15000 } },
  testsFinishTimeout: 180000,
};
