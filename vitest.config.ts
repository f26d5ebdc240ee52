import { defineConfig } from "vitest/config";

// One entry point for every Node-side suite: each package with a
// vitest.config.ts is a project; `test/` holds the cross-package suites.
export default defineConfig({
  test: {
    projects: ["packages/*/vitest.config.ts", "test/vitest.config.ts", "perf/vitest.config.ts"],
  },
});
