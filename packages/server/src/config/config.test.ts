import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";
import { repositoryRoot } from "../../test/support/repository.js";

const issuesOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.issues.map((i) => i.variable);
    throw err;
  }
  return [];
};

describe("loadConfig", () => {
  it("when nothing is set, then the documented defaults apply", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, HOST: "127.0.0.1", MIGRATE_ON_START: true, SEED_DEMO: false, SECTION_TIMEOUT_MS: 80, JWT_ALGORITHMS: ["HS256"], LOG_LEVEL: "info" });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it("when values are given as strings, then they are coerced", () => {
    const config = loadConfig({ PORT: "0", MIGRATE_ON_START: "false", SEED_DEMO: "yes", CACHE_TTL_SYSTEM_S: "5", JWT_ALGORITHMS: "RS256, ES256", JWT_PUBLIC_KEY: "-----BEGIN PUBLIC KEY-----\nx\n-----END PUBLIC KEY-----" });
    expect(config).toMatchObject({ PORT: 0, MIGRATE_ON_START: false, SEED_DEMO: true, CACHE_TTL_SYSTEM_S: 5, JWT_ALGORITHMS: ["RS256", "ES256"] });
  });

  it("when an empty string is given, then it counts as unset", () => {
    expect(loadConfig({ PORT: "", DATABASE_URL: "" }).PORT).toBe(3000);
  });

  it.each([
    [{ PORT: "http" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ DATABASE_URL: "mysql://x@y/z" }, "DATABASE_URL"],
    [{ JWT_SECRET: "short" }, "JWT_SECRET"],
    [{ JWT_ALGORITHMS: "HS256,none" }, "JWT_ALGORITHMS"],
    [{ JWT_ALGORITHMS: "RS256" }, "JWT_PUBLIC_KEY"],
    [{ JWT_PUBLIC_KEY: "-----BEGIN PUBLIC KEY-----\nx\n-----END PUBLIC KEY-----" }, "JWT_ALGORITHMS"],
    [{ MIGRATE_ON_START: "ture" }, "MIGRATE_ON_START"],
    [{ SECTION_TIMEOUT_MS: "0" }, "SECTION_TIMEOUT_MS"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ BODY_LIMIT: "lots" }, "BODY_LIMIT"],
  ])("when %o, then a ConfigError names %s", (env, variable) => {
    expect(issuesOf(env)).toContain(variable);
  });

  it("when several variables are bad, then every one is named", () => {
    expect(issuesOf({ PORT: "x", LOG_LEVEL: "y" })).toEqual(expect.arrayContaining(["PORT", "LOG_LEVEL"]));
  });
});

describe("the start command", () => {
  it("when PORT is invalid, then the process exits 1 with a message naming PORT", () => {
    const root = repositoryRoot();
    const result = spawnSync(join(root, "node_modules", ".bin", "tsx"), [join(root, "packages/server/src/cli/start.ts")], {
      env: { ...process.env, PORT: "not-a-port", DATABASE_URL: "" },
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("PORT");
  });
});

describe("the configuration tables in the docs", () => {
  it.each(["packages/server/README.md", "docs/deployment.md"])(
    "when the schema changes, then the table in %s is regenerated (npm run docs -w @intro-page/server)",
    async (file) => {
      const { readFileSync } = await import("node:fs");
      const { withConfigTable } = await import("./config-table.js");
      const text = readFileSync(join(repositoryRoot(), file), "utf8");
      expect(text).toBe(withConfigTable(text));
    },
  );
});
