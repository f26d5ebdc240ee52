import { pino, type DestinationStream, type Logger } from "pino";
import type { Config } from "../config/config.js";

/**
 * The process logger: JSON lines on stdout, secrets redacted. Request logs
 * are its children (pino-http) and carry the request id. `destination`
 * defaults to stdout (tests capture lines with their own).
 */
export function createLogger(config: Pick<Config, "LOG_LEVEL">, destination?: DestinationStream): Logger {
  const options = {
    level: config.LOG_LEVEL,
    base: { service: "intro-page" },
    redact: { paths: ["req.headers.authorization", "req.headers.cookie", "res.headers[\"set-cookie\"]"], censor: "[redacted]" },
  };
  return destination ? pino(options, destination) : pino(options);
}
