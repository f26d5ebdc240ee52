import { copyFileSync } from "node:fs";
import { defineConfig } from "tsup";

// An ESM library entry plus the CLI; the contract ships beside the build so an
// installed CLI checks against the spec it was released with.
export default defineConfig({
  entry: { index: "src/index.ts", cli: "src/cli.ts" },
  format: ["esm"],
  dts: { entry: { index: "src/index.ts" } },
  target: "es2022",
  platform: "node",
  sourcemap: true,
  clean: true,
  splitting: true,
  async onSuccess() {
    copyFileSync("../../openapi.yaml", "dist/openapi.yaml");
  },
});
