import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, loadConfig, type Config } from "../config/config.js";

/**
 * `.data/` in the working directory (the repository root for `npm start` and
 * `npm run token`): the embedded database and the demo secret live here
 * (git-ignored).
 */
export const localDataDir = () => join(process.cwd(), ".data");
const demoSecretFile = () => join(localDataDir(), "demo-jwt-secret");

/**
 * The configuration for the CLIs: like `loadConfig`, but with no
 * DATABASE_URL the embedded database is file-backed under `.data/` so data
 * survives restarts. Prints the bad variables and exits on a ConfigError.
 */
export function loadCliConfig(overrides: Record<string, string> = {}): Config {
  const env = { ...process.env };
  if (!env.DATABASE_URL && !env.PGLITE_DATA_DIR) env.PGLITE_DATA_DIR = join(localDataDir(), "pglite");
  for (const [key, value] of Object.entries(overrides)) if (!env[key]) env[key] = value;
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

/** Remembers the demo-mode secret so `npm run token` can sign for the running demo server. */
export function saveDemoSecret(secret: string): void {
  mkdirSync(localDataDir(), { recursive: true });
  writeFileSync(demoSecretFile(), secret, { mode: 0o600 });
}

/** The secret of the last demo-mode start, if any. */
export function readDemoSecret(): string | undefined {
  return existsSync(demoSecretFile()) ? readFileSync(demoSecretFile(), "utf8").trim() : undefined;
}
