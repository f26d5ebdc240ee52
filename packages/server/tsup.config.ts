import { defineConfig } from "tsup";

// The server is an ESM application with a typed library entry (for tests,
// ops and anyone composing it); the CLIs are separate entries.
export default defineConfig({
  entry: {
    index: "src/index.ts",
    migrations: "src/migrations.ts",
    "cli/start": "src/cli/start.ts",
    "cli/seed": "src/cli/seed.ts",
    "cli/token": "src/cli/token.ts",
    "cli/migrate": "src/cli/migrate.ts",
  },
  format: ["esm"],
  dts: { entry: { index: "src/index.ts", migrations: "src/migrations.ts" } },
  target: "es2022",
  platform: "node",
  sourcemap: true,
  clean: true,
  splitting: true,
});
