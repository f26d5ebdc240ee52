import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repositoryRoot } from "../../test/support/repository.js";
import { describeStartFailure } from "./start-failure.js";

describe("describeStartFailure", () => {
  it("when the driver's error wraps a PostgreSQL code, then one line names the place without credentials, the reason and the fix", () => {
    const err = Object.assign(new Error("password authentication failed"), { original: { code: "28P01" } });
    const line = describeStartFailure(err, { DATABASE_URL: "postgres://app:hunter2@db.internal:6543/intro" });
    expect(line).toBe("intro-page could not start: PostgreSQL at db.internal:6543/intro: the password was refused. Check DATABASE_URL, or unset it to use the embedded database.");
    expect(line).not.toContain("hunter2");
  });

  it("when the failure is not a known connection problem, then the first line of its message is given", () => {
    expect(describeStartFailure(new Error("listen EADDRINUSE: address already in use\n    at stack"), { DATABASE_URL: undefined })).toBe(
      "intro-page could not start: listen EADDRINUSE: address already in use",
    );
  });
});

describe("npm start with an unreachable DATABASE_URL", () => {
  it("when PostgreSQL refuses the connection, then the start command prints one line saying so, no stack trace, and exits 1", { timeout: 90_000 }, () => {
    const root = repositoryRoot();
    const run = spawnSync(process.execPath, ["--import", "tsx", join(root, "packages/server/src/cli/start.ts")], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: "postgres://postgres:secret@127.0.0.1:1/intro", PORT: "0", HOST: "127.0.0.1", JWT_SECRET: "", LOG_LEVEL: "warn" },
      encoding: "utf8",
      timeout: 80_000,
    });
    expect(run.status).toBe(1);
    const printed = `${run.stdout}${run.stderr}`;
    expect(printed).toContain("intro-page could not start: PostgreSQL at 127.0.0.1:1/intro: connection refused");
    expect(printed).not.toMatch(/\n\s+at /);
    expect(printed).not.toContain("secret@");
  });
});
