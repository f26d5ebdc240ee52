// The CLI against the reference server, as a backend team would run it: every
// check green with the default request budget, the run time printed.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { ContractReport } from "../src/index.js";
import { loadContract } from "../src/spec.js";
import { contractCli, runCli } from "./support/cli.js";
import { startReferenceServer } from "./support/reference-server.js";
import type { ReferenceServer } from "./support/reference-server.js";

describe(`intro-page-contract against the reference server (${process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite"})`, () => {
  let server: ReferenceServer;
  let scratch: string;
  beforeAll(async () => {
    // A heartbeat each second: the stream check listens for one, and the default 15 s would lengthen the run.
    server = await startReferenceServer({ LIVE_HEARTBEAT_S: "1" });
    scratch = mkdtempSync(join(tmpdir(), "contract-"));
  });
  afterAll(async () => {
    await server?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  test("when every token is given, then every check of every operation passes, within 60 s, and the JUnit and JSON reports agree", async () => {
    const junit = join(scratch, "contract.xml");
    const json = join(scratch, "contract.json");
    const run = await runCli(contractCli, [
      "--base-url", server.url,
      "--token", server.tokens.user,
      "--admin-token", server.tokens.admin,
      "--service-token", server.tokens.service,
      "--other-user-id", "alice",
      "--junit", junit,
      "--json", json,
    ]);
    const report = JSON.parse(readFileSync(json, "utf8")) as ContractReport;
    console.log(`intro-page-contract against the reference server: ${(run.ms / 1000).toFixed(1)} s wall, ${report.requests} requests, ${report.results.length} checks, coverage ${report.coverage.seen}/${report.coverage.documented}`);
    expect(run.stdout).toContain(" 0 failed");
    expect(run.code, run.stdout).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.results.filter((result) => result.status !== "passed")).toEqual([]);
    // Every operation in the spec was checked, and the flows and fuzzing ran.
    expect(new Set(report.results.map((result) => result.operationId)).size).toBe(loadContract().operations.length);
    expect(report.results.filter((result) => result.check === "stateful").map((result) => result.operationId).sort()).toEqual([
      "completeAction",
      "getActivity",
      "postEvents",
      "updatePreferences",
    ]);
    expect(report.results.find((result) => result.operationId === "getIntroPage" && result.check === "fuzz")?.passed).toBeGreaterThan(20);
    expect(report.durationMs).toBeLessThan(60_000);
    const xml = readFileSync(junit, "utf8");
    expect(xml).toContain(`tests="${report.results.length}" failures="0"`);
    expect(xml).toContain('<testcase classname="intro-page-contract.completeAction" name="stateful"/>');
  });

  test("when the same seed runs twice, then the fuzz cases are the same", async () => {
    const args = ["--base-url", server.url, "--token", server.tokens.user, "--only", "getActivity", "--seed", "42", "--max-requests", "80", "--quiet"];
    const first = await runCli(contractCli, [...args, "--json", join(scratch, "a.json")]);
    const second = await runCli(contractCli, [...args, "--json", join(scratch, "b.json")]);
    expect([first.code, second.code]).toEqual([0, 0]);
    const fuzz = (file: string) => (JSON.parse(readFileSync(join(scratch, file), "utf8")) as ContractReport).results.find((r) => r.check === "fuzz");
    expect(fuzz("a.json")?.passed).toBeGreaterThan(10);
    expect(fuzz("a.json")?.passed).toBe(fuzz("b.json")?.passed);
  });
});
