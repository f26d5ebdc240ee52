import { defineConfig } from "vitest/config";

// Node-side unit tests for the pure modules (formatting, section order).
// Everything that needs a DOM runs in real Chromium through `npm run test:browser`.
export default defineConfig({
  test: {
    name: "widget",
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
