import { defineConfig } from "tsup";

// ESM + CJS with their own declaration files (attw checks each condition).
// The stream transport and the tab sharing are entries of their own: the ESM
// build's `import()` of them then names stable files (dist/live/*.js), which
// the widget's standalone build ships next to its bundle (packages/widget/tsup.config.ts).
// The CJS build has no splitting, so there they are inlined into index.cjs.
export default defineConfig({
  entry: { index: "src/index.ts", "live/page-stream": "src/live/page-stream.ts", "live/tab-leader": "src/live/tab-leader.ts" },
  format: ["esm", "cjs"],
  dts: true,
  target: "es2022",
  clean: true,
  sourcemap: true,
});
