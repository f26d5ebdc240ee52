#!/usr/bin/env node
// `intro-page-contract --base-url URL --token T …`: checks a server against
// openapi.yaml. Exit 0 when every check passes, 1 on a contract failure, 2 on
// a usage error, an unreachable server or a refused token (one line, no stack).
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { UsageError } from "./errors.js";
import { toJunitXml } from "./report/junit.js";
import { formatReport } from "./report/table.js";
import { contractDefaults, runContractChecks } from "./run.js";

const usage = `usage: intro-page-contract --base-url URL [--token T] [--admin-token T] [--service-token T]
       [--user-id ID] [--other-user-id ID] [--seed N] [--max-requests N] [--timeout-ms N]
       [--stream-listen-ms N] [--only OPERATION ...] [--spec FILE] [--junit FILE] [--json FILE] [--quiet]
defaults: --seed ${contractDefaults.seed}, --max-requests ${contractDefaults.maxRequests}, --timeout-ms ${contractDefaults.timeoutMs}, --stream-listen-ms ${contractDefaults.streamListenMs}, --spec the packaged openapi.yaml`;

const options = {
  "base-url": { type: "string" },
  token: { type: "string" },
  "admin-token": { type: "string" },
  "service-token": { type: "string" },
  "user-id": { type: "string" },
  "other-user-id": { type: "string" },
  seed: { type: "string" },
  "max-requests": { type: "string" },
  "timeout-ms": { type: "string" },
  "stream-listen-ms": { type: "string" },
  only: { type: "string", multiple: true },
  spec: { type: "string" },
  junit: { type: "string" },
  json: { type: "string" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/** A whole number option, or a usage error naming it. */
function wholeNumber(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} must be a whole number >= 0, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options, allowPositionals: false }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const report = await runContractChecks({
    baseUrl: values["base-url"] ?? "",
    token: values.token,
    adminToken: values["admin-token"],
    serviceToken: values["service-token"],
    userId: values["user-id"],
    otherUserId: values["other-user-id"],
    seed: wholeNumber("seed", values.seed),
    maxRequests: wholeNumber("max-requests", values["max-requests"]),
    timeoutMs: wholeNumber("timeout-ms", values["timeout-ms"]),
    streamListenMs: wholeNumber("stream-listen-ms", values["stream-listen-ms"]),
    only: values.only?.flatMap((id) => id.split(",")).filter(Boolean),
    spec: values.spec,
    onProgress: values.quiet ? undefined : (line) => console.error(`… ${line}`),
  });
  console.log(formatReport(report));
  if (values.junit) writeFileSync(values.junit, toJunitXml(report));
  if (values.json) writeFileSync(values.json, `${JSON.stringify(report, null, 2)}\n`);
  return report.ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`intro-page-contract: ${error.message}`);
      console.error("run with --help for usage");
      process.exit(2);
    }
    // A bug in the tool itself: still one line, but exit 2 is reserved for the caller's mistakes.
    console.error(`intro-page-contract: internal error: ${(error as Error)?.message ?? String(error)}`);
    process.exit(3);
  },
);
