import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // "contract" is the root suite (test/vitest.config.ts) that checks the packages against the spec.
    name: "contract-cli",
    root: import.meta.dirname,
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    environment: "node",
    // The suites start real servers and run the whole check set against them.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
