// Runs the built CLIs as a user would: a child process, its output and exit code.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { resolve } from "node:path";

const packages = resolve(import.meta.dirname, "../../..");
/** The built `intro-page-contract` (npm test builds before it runs the suites). */
export const contractCli = resolve(packages, "contract/dist/cli.js");
/** The built `intro-page-mock`. */
export const mockCli = resolve(packages, "mock/dist/cli/intro-page-mock.js");

/** What a finished CLI run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `node file ...args` to the end. */
export function runCli(file: string, args: string[]): Promise<CliRun> {
  const started = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [file, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code: code ?? 1, stdout, stderr, ms: performance.now() - started }));
  });
}

/** A mock started with `intro-page-mock`, with the URL and tokens it printed. */
export interface MockProcess {
  url: string;
  tokens: { user: string; admin: string; service: string };
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `intro-page-mock --port 0 ...args` and waits for its first lines. */
export function startMockCli(args: string[] = []): Promise<MockProcess> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [mockCli, "--port", "0", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`intro-page-mock did not start: ${out}${err}`)), 30_000);
    child.stderr.on("data", (chunk) => (err += chunk));
    child.on("close", (code) => reject(new Error(`intro-page-mock exited ${code}: ${err}`)));
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
      const token = (label: string) => new RegExp(`${label}:\\s+(\\S+)`).exec(out)?.[1];
      const [user, admin, service] = [token("user demo"), token("admin"), token("service")];
      if (!url || !user || !admin || !service) return;
      clearTimeout(timer);
      resolvePromise({
        url,
        tokens: { user, admin, service },
        child,
        stop: () =>
          new Promise((done) => {
            child.removeAllListeners("close");
            child.once("close", () => done());
            child.kill("SIGTERM");
          }),
      });
    });
  });
}
