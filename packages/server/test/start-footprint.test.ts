import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { startChildServer } from "./support/child-server.js";
import { createTestDatabase, databaseEnv, type TestDatabase } from "./support/database.js";
import { testSecret } from "./support/harness.js";
import { TEST_REDIS_URL, dropKeys, uniquePrefix } from "./support/redis.js";

// Which packages a started server holds in memory. A server without Redis must not load ioredis, and no server parses
// YAML at start (the contract is generated into src/generated): together they were ~17 MB of resident memory, a tenth
// of an idle instance (docs/performance.md, eighth round).
const hook = fileURLToPath(new URL("./support/record-loaded-modules.mjs", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "intro-page-footprint-"));
const databases: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(databases.map((database) => database.drop()));
  rmSync(dir, { recursive: true, force: true });
});

/** The packages (folder names under node_modules) a server started with `env` loaded by the time it listens. */
async function packagesLoaded(label: string, env: Record<string, string> = {}): Promise<Set<string>> {
  const database = await createTestDatabase(`footprint_${label}`);
  databases.push(database);
  const file = join(dir, `${label}.txt`);
  const server = await startChildServer(
    {
      HOST: "127.0.0.1",
      PORT: "0",
      JWT_SECRET: testSecret,
      LOG_LEVEL: "warn",
      ...databaseEnv(database, join(dir, `${label}-pglite`)),
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import=${hook}`,
      LOADED_MODULES_FILE: file,
      ...env,
    },
    90_000,
  );
  expect(await server.terminate()).toBe(0);
  const packages = readFileSync(file, "utf8").split("\n").map((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1]);
  return new Set(packages.filter((name): name is string => name !== undefined));
}

describe("what a started server loads", () => {
  it("when started without REDIS_URL, then it has loaded its database layer but neither ioredis nor a YAML parser", { timeout: 120_000 }, async () => {
    const loaded = await packagesLoaded("plain");
    expect(loaded).toContain("sequelize");
    expect(loaded).toContain("express");
    expect(loaded).not.toContain("ioredis");
    expect(loaded).not.toContain("yaml");
  });

  it.skipIf(!TEST_REDIS_URL)("when started with REDIS_URL, then it loads ioredis", { timeout: 120_000 }, async () => {
    const prefix = uniquePrefix("footprint");
    try {
      expect(await packagesLoaded("redis", { REDIS_URL: TEST_REDIS_URL!, REDIS_KEY_PREFIX: prefix })).toContain("ioredis");
    } finally {
      await dropKeys(TEST_REDIS_URL!, prefix);
    }
  });
});
