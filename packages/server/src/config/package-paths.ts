import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The repository root (the folder holding openapi.yaml and migrations/),
 * found by walking up from this module so it works from `src/` under tsx
 * and vitest and from the bundled `dist/` alike.
 */
export function repositoryRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "openapi.yaml")) && existsSync(join(dir, "migrations"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("Cannot find the repository root (openapi.yaml next to migrations/) above the server package.");
    dir = parent;
  }
}

/** Absolute path of the OpenAPI contract. */
export const specPath = () => join(repositoryRoot(), "openapi.yaml");

/** Absolute path of the migrations folder. */
export const migrationsPath = () => join(repositoryRoot(), "migrations");
