#!/usr/bin/env node
// `npm start`: migrate, seed the demo data on first run, print the URL (the demo page signs itself in) and a token for API clients, serve.
import { signToken } from "../auth/jwt.js";
import { startServer } from "../start/start-server.js";
import { loadCliConfig, saveDemoSecret } from "./local-data.js";
import { describeStartFailure } from "./start-failure.js";

const config = loadCliConfig({ SEED_DEMO: "true" });
const running = await startServer(config).catch((err: unknown) => {
  if (config.LOG_LEVEL === "debug" || config.LOG_LEVEL === "trace") console.error(err);
  console.error(describeStartFailure(err, config));
  process.exit(1);
});
const { jwtKeys, logger } = running.deps;
const secret = jwtKeys.demoSecret ?? config.JWT_SECRET;
if (jwtKeys.demoSecret) saveDemoSecret(jwtKeys.demoSecret);

const localUrl = running.url.replace("127.0.0.1", "localhost");
// Scripts and tests read the URL from "running at <url>" and append paths to it: no trailing slash here.
const lines = [`intro-page is running at ${localUrl}`, `  API docs:  ${running.url}/docs`];
if (running.deps.demoPage) {
  lines.push(
    running.deps.demo
      ? `  Demo page: ${localUrl}/  (demo mode: signs in as "demo" by itself; pick another user on the page)`
      : `  Page: ${localUrl}/  (sign in there with a token)`,
  );
}
if (secret && jwtKeys.algorithms.includes("HS256")) {
  // For curl and API clients; the page at / never needs a token in its address.
  const token = signToken("demo", ["user"], 24 * 3600, { key: secret, algorithm: "HS256", issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE });
  lines.push(
    `  Demo token (user "demo", 24 h):`,
    `    ${token}`,
    `  Try:  curl -H "Authorization: Bearer <token>" ${running.url}/api/v1/intro-page/demo`,
    `  More tokens:  npm run token -- --sub demo --roles user,admin`,
  );
} else {
  lines.push("  Tokens: sign with your private key (npm run token with JWT_PRIVATE_KEY set).");
}
// The handlers are in place before the banner: whoever waits for "running at" may send SIGTERM at once, and a
// signal without a handler would end the process without draining.
let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down");
  running.close().then(
    () => process.exit(0),
    (err: unknown) => {
      logger.error({ err }, "shutdown failed");
      process.exit(1);
    },
  );
};
process.on("SIGTERM", () => stop("SIGTERM"));
// Key rotation without a restart: re-read JWT_KEYS_FILE (it is also re-read when it changes).
process.on("SIGHUP", () => running.reloadKeys());
process.on("SIGINT", () => stop("SIGINT"));

console.log(`\n${lines.join("\n")}\n`);
