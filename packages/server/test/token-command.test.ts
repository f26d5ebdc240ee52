import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadJwtKeys, verifyToken } from "../src/auth/jwt.js";
import { loadConfig } from "../src/config/config.js";
import { repositoryRoot } from "./support/repository.js";

const secret = "token-command-secret-0123456789-abcdefghij";
const root = repositoryRoot();
const run = (args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", join(root, "packages/server/src/cli/token.ts"), ...args], {
    cwd: root,
    env: { ...process.env, JWT_SECRET: secret, DATABASE_URL: "" },
    encoding: "utf8",
    timeout: 30_000,
  });

describe("the token command (npm run token)", () => {
  it("when asked for demo with user and admin roles, then it prints a token the server accepts with those claims", () => {
    const result = run(["--sub", "demo", "--roles", "user,admin", "--ttl", "120"]);
    expect(result.status, result.stderr).toBe(0);
    const principal = verifyToken(result.stdout.trim(), loadJwtKeys(loadConfig({ JWT_SECRET: secret })));
    expect(principal.subject).toBe("demo");
    expect([...principal.roles].sort()).toEqual(["admin", "user"]);
  });

  it.each(["--roles user", "--sub demo --roles superuser", "--sub demo --ttl 0"])("when run with %s, then it prints the usage and exits 2", (args) => {
    const result = run(args.split(" "));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("usage: npm run token");
  });
});
