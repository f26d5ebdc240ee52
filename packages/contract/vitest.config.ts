import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "contract",
    root: import.meta.dirname,
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    environment: "node",
    // The suites start real servers and run the whole check set against them.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
