#!/usr/bin/env node
// `npm run audit:prod` (and the "supply chain" check in `npm test`):
// 1. lockfile-lint, offline: every package in package-lock.json comes from the
//    npm registry over https with an integrity hash and a name that matches its URL.
// 2. `npm audit --omit=dev --audit-level=high`, where the registry's advisory
//    endpoint answers. Where it does not (some mirrors answer 405), one plain
//    line says it was skipped — never a green result that checked nothing.
// Known false positives, each with its reason, go in `acceptedAdvisories` below.
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** Advisory ids (GHSA-…) accepted on purpose, with why. Empty: none accepted. */
const acceptedAdvisories = {};

const lint = spawnSync(
  join(root, "node_modules", ".bin", "lockfile-lint"),
  ["--path", "package-lock.json", "--type", "npm", "--allowed-hosts", "npm", "--validate-https", "--validate-integrity", "--validate-package-names"],
  { cwd: root, encoding: "utf8" },
);
process.stdout.write(lint.stdout);
process.stderr.write(lint.stderr);
if (lint.status !== 0) {
  console.log("lockfile-lint: the lockfile names a package from outside the registry, over http, or without integrity");
  process.exit(1);
}

const audit = spawnSync("npm", ["audit", "--omit=dev", "--json"], { cwd: root, encoding: "utf8", timeout: 120_000 });
let report;
try {
  report = JSON.parse(audit.stdout);
} catch {
  report = undefined;
}
const unreachable = !report || (report.error && !report.vulnerabilities) || /\b405\b|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN/.test(`${audit.stdout}${audit.stderr}`);
if (unreachable) {
  const why = report?.message || report?.error?.summary || audit.stderr.trim().split("\n").find(Boolean) || "no answer";
  console.log(`skipped: npm audit --omit=dev (the registry's advisory endpoint did not answer: ${why.slice(0, 160)})`);
  process.exit(0);
}
const serious = Object.values(report.vulnerabilities ?? {}).filter((v) => ["high", "critical"].includes(v.severity));
const unaccepted = serious.filter((v) => !(v.via ?? []).every((via) => typeof via === "object" && acceptedAdvisories[via.url?.split("/").at(-1)]));
for (const v of serious) console.log(`${v.severity}: ${v.name} ${v.range}${unaccepted.includes(v) ? "" : " (accepted, see scripts/audit.mjs)"}`);
console.log(`npm audit --omit=dev: ${serious.length} high or critical, ${unaccepted.length} not accepted`);
process.exit(unaccepted.length === 0 ? 0 : 1);
