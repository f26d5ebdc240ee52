import { execFile, spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spec } from "../../../test/support/contract-validator.js";
import { repositoryRoot } from "./support/repository.js";

const run = promisify(execFile);
const packageDir = join(repositoryRoot(), "packages", "server");
const scratch = mkdtempSync(join(tmpdir(), "intro-page-pack-"));
let child: ChildProcess | undefined;

/** Sends SIGTERM to the server's whole process group and resolves with its exit code. */
async function stop(process_: ChildProcess): Promise<number | null> {
  if (process_.exitCode !== null) return process_.exitCode;
  const exited = once(process_, "exit").then(([code]) => code as number | null);
  process.kill(-process_.pid!, "SIGTERM");
  return exited;
}

afterAll(async () => {
  if (child && child.exitCode === null) process.kill(-child.pid!, "SIGKILL");
  rmSync(scratch, { recursive: true, force: true });
});

/**
 * What a user of the registry gets: the packed tarball installed into an
 * empty folder outside the repository, started with its own bin, on embedded
 * PGlite. Needs the built package (`npm run build`, which `npm test` runs
 * first, the widget before the server so the demo page is in the package).
 */
describe("the packed @intro-page/server", () => {
  let installDir: string;

  beforeAll(async () => {
    if (!existsSync(join(packageDir, "dist", "cli", "start.js"))) throw new Error("packages/server/dist is missing: run `npm run build` first");
    const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", scratch], { cwd: packageDir, timeout: 30_000 });
    const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
    installDir = join(scratch, "app");
    mkdirSync(installDir);
    writeFileSync(join(installDir, "package.json"), JSON.stringify({ name: "pack-test", private: true, type: "module" }));
    await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--ignore-scripts", join(scratch, packed!.filename)], {
      cwd: installDir,
      timeout: 60_000,
    });
  }, 90_000);

  it("when installed from its tarball into an empty folder and started, then it serves health, the contract and the demo page, and exits 0 on SIGTERM", { timeout: 60_000 }, async () => {
    const start = join(installDir, "node_modules", "@intro-page", "server", "dist", "cli", "start.js");
    child = spawn(process.execPath, [start], {
      cwd: installDir,
      // Its own process group, so stopping it also stops anything it started.
      detached: true,
      env: { ...process.env, HOST: "127.0.0.1", PORT: "0", DATABASE_URL: "", PGLITE_DATA_DIR: "", REDIS_URL: "", JWT_SECRET: "", LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner within 50 s:\n${output}`)), 50_000);
      child!.stdout!.on("data", () => {
        const match = /running at (http:\/\/\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!.replace("localhost", "127.0.0.1"));
        }
      });
      child!.once("exit", (code) => reject(new Error(`exited with ${code} before listening:\n${output}`)));
    });

    const live = await fetch(`${url}/api/v1/health/live`);
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ status: "ok" });
    const contract = await fetch(`${url}/openapi.json`);
    expect(contract.status).toBe(200);
    expect(await contract.json()).toEqual(spec);
    const page = await fetch(`${url}/`, { redirect: "manual" });
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain("<intro-page");
    const bundle = await fetch(`${url}/dist/intro-page.standalone.js`);
    expect(bundle.status).toBe(200);
    await bundle.arrayBuffer();

    expect(await stop(child)).toBe(0);
  });
});
