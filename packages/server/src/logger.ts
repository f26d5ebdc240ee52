import { pino, type Logger } from "pino";
import type { Config } from "./config.js";

/**
 * The process logger: JSON lines on stdout, secrets redacted. Request logs
 * are its children (pino-http) and carry the request id.
 */
export function createLogger(config: Pick<Config, "LOG_LEVEL">): Logger {
  return pino({
    level: config.LOG_LEVEL,
    base: { service: "intro-page" },
    redact: { paths: ["req.headers.authorization", "req.headers.cookie", "res.headers[\"set-cookie\"]"], censor: "[redacted]" },
  });
}
