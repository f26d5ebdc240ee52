import { Writable } from "node:stream";
import { pino, type Logger } from "pino";

/** A pino logger whose lines a test can read back, parsed. */
export interface CapturedLog {
  logger: Logger;
  /** Every line written so far, parsed. */
  lines(): Record<string, unknown>[];
  /** The raw text written so far. */
  text(): string;
}

/** A real pino logger (level info) writing into memory. */
export function captureLog(): CapturedLog {
  let text = "";
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  const logger = pino({ level: "info" }, sink);
  return {
    logger,
    text: () => text,
    lines: () =>
      text
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
