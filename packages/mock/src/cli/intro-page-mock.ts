#!/usr/bin/env node
// `intro-page-mock --port 4010 [--scenario NAME]`: the mock's handlers served
// over HTTP, with the same auth rules, state and scenarios as in msw.
import { parseArgs } from "node:util";
import { defaultSeed } from "../fixtures/fixture-users.js";
import { isScenarioName, scenarioNames } from "../scenarios.js";
import { createMockToken } from "../token.js";
import { startMockHttpServer } from "./http-server.js";

const usage = `usage: intro-page-mock [--port 4010] [--host 127.0.0.1] [--scenario NAME] [--seed N] [--latency-ms N] [--live-ms N]
scenarios: ${scenarioNames.join(", ")}`;

/** A usage mistake: printed as one line, exit 2. */
class UsageError extends Error {}

function wholeNumber(name: string, raw: string | undefined, fallback?: number): number | undefined {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} must be a whole number, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: "string" },
        host: { type: "string" },
        scenario: { type: "string" },
        seed: { type: "string" },
        "latency-ms": { type: "string" },
        "live-ms": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) {
    console.log(usage);
    return;
  }
  const port = wholeNumber("port", values.port, 4010)!;
  if (port > 65535) throw new UsageError(`--port must be 0-65535, got ${port}`);
  const scenario = values.scenario ?? "default";
  if (!isScenarioName(scenario)) throw new UsageError(`unknown scenario "${scenario}"; use one of: ${scenarioNames.join(", ")}`);
  const liveMs = wholeNumber("live-ms", values["live-ms"]);
  const running = await startMockHttpServer({
    port,
    host: values.host ?? "127.0.0.1",
    scenario,
    seed: wholeNumber("seed", values.seed, defaultSeed),
    latencyMs: wholeNumber("latency-ms", values["latency-ms"]),
    live: liveMs ? { intervalMs: liveMs } : false,
  }).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot listen on ${values.host ?? "127.0.0.1"}:${port}: ${error.code ?? error.message}`);
  });
  const day = 24 * 3600;
  const exp = Math.floor(Date.now() / 1000) + day;
  console.log(
    [
      `intro-page mock listening on ${running.url} (scenario ${scenario})`,
      `  users: ${running.mock.users.join(", ")}`,
      "  tokens (unsigned, accepted only by the mock, 24 h):",
      `    user demo:     ${createMockToken({ sub: "demo", exp })}`,
      `    admin:         ${createMockToken({ sub: "ops", roles: ["admin"], exp })}`,
      `    service:       ${createMockToken({ sub: "backend", roles: ["service"], exp })}`,
      `  try: curl -H "Authorization: Bearer <user token>" ${running.url}/api/v1/intro-page/demo`,
    ].join("\n"),
  );
  const stop = () => void running.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(`intro-page-mock: ${error instanceof UsageError ? error.message : `internal error: ${(error as Error).message}`}`);
  process.exit(error instanceof UsageError ? 2 : 3);
});
