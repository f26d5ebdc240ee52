import type { RequestHandler } from "express";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";
import { requestIdFor } from "./request-id.js";

/**
 * Request ids and access logs. Every request gets its id (echoed or
 * generated, in `X-Request-Id` and on every log line about it). With
 * `sampleRate` below 1 only that share of successful requests is logged in
 * full by pino-http; the others are logged only if they fail (status ≥ 400),
 * in the same shape, and cost no child logger or serialization otherwise.
 */
export function requestLogging(logger: Logger, sampleRate = 1): RequestHandler {
  const full = pinoHttp({
    logger,
    genReqId: (req, res) => {
      const id = requestIdFor(req);
      res.setHeader("X-Request-Id", id);
      return id;
    },
    customLogLevel: (_req, res, err) => levelFor(res.statusCode, err),
    quietReqLogger: true,
  });
  if (sampleRate >= 1) return full;
  const requestLogger = full.logger;
  return (req, res, next) => {
    if (sampleRate > 0 && Math.random() < sampleRate) return full(req, res, next);
    const id = requestIdFor(req);
    req.id = id;
    res.setHeader("X-Request-Id", id);
    const started = Date.now();
    // The error handler logs unexpected errors through req.log: make that child only if it is needed.
    Object.defineProperty(req, "log", {
      configurable: true,
      get() {
        const log = requestLogger.child({ reqId: id });
        Object.defineProperty(req, "log", { configurable: true, writable: true, value: log });
        return log;
      },
    });
    res.once("finish", () => {
      if (res.statusCode < 400) return;
      const responseTime = Date.now() - started;
      if (res.statusCode >= 500) req.log.error({ req, res, err: new Error(`failed with status code ${res.statusCode}`), responseTime }, "request errored");
      else req.log.warn({ req, res, responseTime }, "request completed");
    });
    next();
  };
}

function levelFor(status: number, err: unknown): "error" | "warn" | "info" {
  return err || status >= 500 ? "error" : status >= 400 ? "warn" : "info";
}
