// Bad input to the CLI: one clear line on stderr and exit 2, never a stack trace.
import { createServer } from "node:net";
import { describe, expect, test } from "vitest";
import { contractCli, runCli } from "./support/cli.js";

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const oneLine = (stderr: string) => stderr.trim().split("\n").filter((line) => !line.startsWith("run with --help"));

describe("intro-page-contract usage errors", () => {
  test.each([
    ["no base URL", [], "--base-url is required"],
    ["a base URL that is not a URL", ["--base-url", "not a url"], "is not a URL"],
    ["an invalid seed", ["--base-url", "http://127.0.0.1:1", "--seed", "abc"], "--seed must be a whole number"],
    ["a zero budget", ["--base-url", "http://127.0.0.1:1", "--max-requests", "0"], "max-requests must be a whole number >= 1"],
    ["an unknown option", ["--base-url", "http://127.0.0.1:1", "--frobnicate"], "Unknown option '--frobnicate'"],
    ["a spec that does not exist", ["--base-url", "http://127.0.0.1:1", "--spec", "/nonexistent/openapi.yaml"], "cannot read the spec"],
    ["an operation the spec lacks", ["--base-url", "http://127.0.0.1:1", "--only", "getNothing"], "--only: no operation getNothing"],
  ])("when given %s, then it exits 2 with one line", async (_name, args, message) => {
    const run = await runCli(contractCli, args);
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toHaveLength(1);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  test("when the base URL is unreachable, then it exits 2 saying so", async () => {
    const port = await closedPort();
    const run = await runCli(contractCli, ["--base-url", `http://127.0.0.1:${port}`, "--token", "x.y.z"]);
    expect(run.code).toBe(2);
    expect(oneLine(run.stderr)).toEqual([`intro-page-contract: cannot reach http://127.0.0.1:${port}: ECONNREFUSED`]);
  });

  test("when asked for help, then it prints the usage and exits 0", async () => {
    const run = await runCli(contractCli, ["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("usage: intro-page-contract --base-url URL");
  });
});
