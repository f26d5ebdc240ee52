import { defineConfig } from "tsup";

// One neutral entry plus a Node and a browser entry, like msw itself: the
// `exports` conditions make the wrong environment's entry fail at resolution.
export default defineConfig({
  entry: { index: "src/index.ts", node: "src/node.ts", browser: "src/browser.ts" },
  format: ["esm", "cjs"],
  dts: true,
  target: "es2022",
  platform: "neutral",
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
});
