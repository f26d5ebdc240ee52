// The CLI against `intro-page-mock` over HTTP: the mock honours the contract
// just as the server does, and its scenarios reach HTTP callers.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { contractCli, runCli, startMockCli } from "./support/cli.js";
import type { MockProcess } from "./support/cli.js";

describe("intro-page-contract against intro-page-mock", () => {
  let mock: MockProcess;
  beforeAll(async () => {
    mock = await startMockCli();
  });
  afterAll(async () => {
    await mock?.stop();
  });

  test("when every token is given, then every check of every operation passes", async () => {
    const run = await runCli(contractCli, [
      "--base-url", mock.url,
      "--token", mock.tokens.user,
      "--admin-token", mock.tokens.admin,
      "--service-token", mock.tokens.service,
      "--other-user-id", "alice",
      "--quiet",
    ]);
    console.log(`intro-page-contract against intro-page-mock: ${(run.ms / 1000).toFixed(1)} s`);
    expect(run.stdout).toMatch(/\d+ passed, 0 failed, 0 skipped/);
    expect(run.code, run.stdout).toBe(0);
  });

  test("when the mock plays the unauthorized scenario, then the CLI stops at once with exit 2 naming the refused token", async () => {
    const unauthorized = await startMockCli(["--scenario", "unauthorized"]);
    try {
      const run = await runCli(contractCli, ["--base-url", unauthorized.url, "--token", unauthorized.tokens.user]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("the server refused --token (401");
      expect(run.stdout).toBe("");
    } finally {
      await unauthorized.stop();
    }
  });

  test("when a documented path gets an undocumented method, then the mock answers 405 with Allow as problem+json", async () => {
    const response = await fetch(`${mock.url}/api/v1/system/overview`, { method: "DELETE" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD");
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toMatchObject({ status: 405, title: "Method not allowed" });
  });
});
