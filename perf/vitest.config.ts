import { defineProject } from "vitest/config";

// The perf lab's pure parts: insight rules, ratio comparison, profile analysis, and the k6 scripts kept in step with scenarios.json.
export default defineProject({
  test: {
    name: "perf",
    include: ["**/*.test.mjs"],
    exclude: ["results/**", ".data/**"],
  },
});
