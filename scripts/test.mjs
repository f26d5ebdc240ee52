#!/usr/bin/env node
// The one test entry point (`npm test`). Runs every runner in turn, keeps
// going after a failure so one run shows everything that is wrong, prints
// each runner's summary and, last and alone, the grand total that CI reads.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { resolveBrowser } from "./browser.mjs";
import { failuresIn } from "./vitest-failures.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const workspaces = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).workspaces;
const scratch = mkdtempSync(join(tmpdir(), "intro-page-test-"));

/** Runs a command with inherited output; resolves with its exit code and captured stdout. */
function exec(command, args, { cwd = root, env = {} } = {}) {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    child.on("close", (code) => resolvePromise({ code: code ?? 1, out }));
  });
}

const bin = (name) => join(root, "node_modules", ".bin", name);
const packageJson = (dir) => JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8"));

/** A check counts as one test: it passed or it did not. */
const check = (name, command, args, options) => ({
  name,
  async run() {
    const { code, out } = await exec(command, args, options);
    const ok = code === 0 && (!options?.mustNotPrint || !options.mustNotPrint.test(out));
    return { passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 };
  },
});

/** A vitest run counted test by test from its JSON report. */
function vitest(name, args, env = {}) {
  return {
    name,
    async run() {
      const report = join(scratch, `${name.replace(/\W+/g, "-")}.json`);
      const { code } = await exec(bin("vitest"), ["run", ...args, "--reporter=default", "--reporter=json", `--outputFile=${report}`], { env });
      if (!existsSync(report)) return { passed: 0, failed: 1, skipped: 0 };
      const r = JSON.parse(readFileSync(report, "utf8"));
      // A suite that fails to load has no failed tests; count it so it cannot hide.
      const brokenFiles = r.testResults.filter((file) => file.status === "failed" && file.assertionResults.length === 0).length;
      const failed = r.numFailedTests + brokenFiles + (code !== 0 && r.numFailedTests + brokenFiles === 0 ? 1 : 0);
      return { passed: r.numPassedTests, failed, skipped: r.numPendingTests + r.numTodoTests, failures: failuresIn(r, root) };
    },
  };
}

// Every browser suite uses the same Chromium; find (or install) it once and say which.
const browser = await resolveBrowser({ log: (line) => console.log(`browser: ${line}`) });
if (browser.path) {
  process.env.CHROMIUM_PATH = browser.path;
  console.log(`browser: ${browser.path} (${browser.source})`);
} else {
  console.log(`browser: ${browser.missing}; the browser runners will fail`);
}

// Server suites that run their own clusters, replicas, balancers or server processes under load: they run
// after the main vitest pass, one file at a time, so their failover and latency figures are not measured
// on a machine that every other suite is loading at the same moment.
const isolatedServerSuites = [
  "test/reliability/redis-and-instance-outage.test.ts",
  "test/reliability/sighup-key-reload.test.ts",
  "test/topology/topology.test.ts",
  "test/replicas/read-replicas.test.ts",
  "test/reliability/database-outage.test.ts",
  "test/reliability/durability.test.ts",
  "test/migrations/live-load.test.ts",
  "test/pack-install-start.test.ts",
];
const excludeIsolated = isolatedServerSuites.flatMap((file) => ["--exclude", file]);

// The server suites that read and write through the repositories: what they prove can differ between
// PostgreSQL and PGlite (SQL, types, transactions, ordering). Unit tests under src/ come along.
const engineSuites = [
  "src/",
  "test/body-types.test.ts",
  "test/consistency.test.ts",
  "test/events.test.ts",
  "test/writes.test.ts",
  "test/intro-page.test.ts",
  "test/sections.test.ts",
  "test/migrations.test.ts",
  "test/flags.test.ts",
  "test/page-reads.test.ts",
  "test/sql.test.ts",
  "test/combined-reads.test.ts",
  // These share one PGlite between server processes or pools (createSharedDatabase in test/support/database.ts):
  // one session for every client, which PostgreSQL never gives them (a prepared-statement clash lived here unseen).
  "test/ops/sigterm-restart.test.ts",
  "test/read-batches.test.ts",
];

const runners = [
  // Packages import each other through their built `exports`, so build first (sdk → mock → widget → server).
  check("build", "npm", ["run", "build", "--silent"]),
  // Redocly exits 0 on warnings; the contract promises zero of those too.
  check("spec lint", bin("redocly"), ["lint", "openapi.yaml"], { mustNotPrint: /You have \d+ warnings?/ }),
  check("generated files", process.execPath, ["scripts/generate.mjs", "--check"]),
  // Links, environment variables, problem-type sections and type-checked samples (scripts/check-docs.mjs).
  check("docs", process.execPath, ["scripts/check-docs.mjs"]),
  ...["tsconfig.json", ...workspaces.map((dir) => `${dir}/tsconfig.json`)]
    .filter((file) => existsSync(join(root, file)))
    .map((file) => check(`typecheck ${file}`, bin("tsc"), ["-p", file, "--noEmit"])),
  // The server's import rule (docs/architecture.md): each layer imports only from the layers below it, no cycles.
  check("layers", bin("depcruise"), ["src", "--config", ".dependency-cruiser.cjs"], { cwd: join(root, "packages/server") }),
  // Supply chain: lockfile-lint offline; npm audit --omit=dev where the advisory endpoint answers (else one "skipped:" line).
  check("supply chain", process.execPath, ["scripts/audit.mjs"]),
  vitest("vitest", excludeIsolated),
  vitest("server, isolated suites", ["--project", "server", "--no-file-parallelism", ...isolatedServerSuites]),
  // CI sets TEST_DATABASE_URL so the server suite runs on PostgreSQL above; the suites whose outcome
  // depends on the database engine run once more on embedded PGlite (what `npm start` uses), so both
  // engines are covered. The rest (HTTP semantics, browsers, Redis, processes, or suites that always
  // use PGlite or their own PostgreSQL) would only repeat themselves, and CI has 20 minutes.
  ...(process.env.TEST_DATABASE_URL ? [vitest("server on PGlite", ["--project", "server", ...engineSuites], { TEST_DATABASE_URL: "" })] : []),
  // Package-level checks (build, publint, attw, size budgets, manifests) live in each package's `check` script.
  ...workspaces
    .filter((dir) => packageJson(dir).scripts?.check)
    .map((dir) => check(`check ${packageJson(dir).name}`, "npm", ["run", "check", "--silent"], { cwd: join(root, dir) })),
  // Runners that are not vitest (e.g. the widget's browser tests) print "N passed, N failed".
  ...workspaces
    .filter((dir) => packageJson(dir).scripts?.["test:browser"])
    .map((dir) => ({
      name: `browser ${packageJson(dir).name}`,
      async run() {
        if (!browser.path) {
          console.log(`skipped: ${browser.missing}`);
          return { passed: 0, failed: 1, skipped: 0 };
        }
        const { code, out } = await exec("npm", ["run", "test:browser", "--silent"], { cwd: join(root, dir) });
        const totals = [...out.replace(/\x1b\[[0-9;]*m/g, "").matchAll(/(\d+) passed, (\d+) failed(?:, (\d+) skipped)?/g)].at(-1);
        const passed = Number(totals?.[1] ?? 0);
        const failed = Number(totals?.[2] ?? 0) + (code !== 0 && Number(totals?.[2] ?? 0) === 0 ? 1 : 0);
        return { passed, failed, skipped: Number(totals?.[3] ?? 0) };
      },
    })),
];

const total = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
const failures = [];
for (const runner of runners) {
  console.log(`\n=== ${runner.name} ===`);
  const result = await runner.run();
  for (const key of Object.keys(total)) total[key] += result[key];
  if (result.failed > 0) failures.push(...(result.failures?.length ? result.failures.map((line) => `[${runner.name}] ${line}`) : [`[${runner.name}] failed (its output above says why)`]));
  lines.push(`[${runner.name}] ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped`);
  console.log(lines.at(-1));
}
rmSync(scratch, { recursive: true, force: true });

console.log("\n=== summary ===");
for (const line of lines) console.log(line);
if (failures.length > 0) {
  console.log("\nfailed:");
  for (const line of failures) console.log(`  ${line}`);
}
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed === 0 ? 0 : 1);
