import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";

/** An incoming X-Request-Id is echoed only when it is this harmless (no header or log injection). */
const wellFormed = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Chooses the request id: the caller's `X-Request-Id` when well formed,
 * else a fresh UUID. Used as pino-http's `genReqId`, which also sets the
 * response header, so every response (errors included) carries it.
 */
export function requestIdFor(req: IncomingMessage): string {
  const incoming = req.headers["x-request-id"];
  return typeof incoming === "string" && wellFormed.test(incoming) ? incoming : randomUUID();
}
