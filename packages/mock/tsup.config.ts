import { defineConfig } from "tsup";

// One neutral entry plus a Node and a browser entry, like msw itself: the
// `exports` conditions make the wrong environment's entry fail at resolution.
export default defineConfig({
  // The CLI (`intro-page-mock`) serves the handlers over node:http; it is Node-only like the `node` entry.
  entry: { index: "src/index.ts", node: "src/node.ts", browser: "src/browser.ts", "cli/intro-page-mock": "src/cli/intro-page-mock.ts" },
  format: ["esm", "cjs"],
  dts: true,
  target: "es2022",
  platform: "neutral",
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
});
