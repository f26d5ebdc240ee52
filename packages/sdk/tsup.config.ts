import { defineConfig } from "tsup";

// ESM + CJS with their own declaration files (attw checks each condition).
export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  target: "es2022",
  clean: true,
  sourcemap: true,
});
