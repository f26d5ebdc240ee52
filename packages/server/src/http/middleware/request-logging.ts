import type { RequestHandler } from "express";
import type { Bindings, Logger } from "pino";
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
    // The error handler logs unexpected errors through req.log: the child logger is made only if something logs.
    // A plain assignment (not a getter defined on the request) keeps the request object's shape the same for every request.
    req.log = new DeferredRequestLog(requestLogger, id) as unknown as Logger;
    res.once("finish", () => {
      if (res.statusCode < 400) return;
      const responseTime = Date.now() - started;
      if (res.statusCode >= 500) req.log.error({ req, res, err: new Error(`failed with status code ${res.statusCode}`), responseTime }, "request errored");
      else req.log.warn({ req, res, responseTime }, "request completed");
    });
    next();
  };
}

/**
 * A request's logger that makes its pino child (bound to the request id)
 * the first time it logs: most sampled-out requests never log at all.
 */
class DeferredRequestLog {
  private made: Logger | undefined;

  constructor(
    private readonly parent: Logger,
    private readonly reqId: string,
  ) {}

  private get log(): Logger {
    return (this.made ??= this.parent.child({ reqId: this.reqId }));
  }

  fatal(...args: Parameters<Logger["fatal"]>): void {
    this.log.fatal(...args);
  }
  error(...args: Parameters<Logger["error"]>): void {
    this.log.error(...args);
  }
  warn(...args: Parameters<Logger["warn"]>): void {
    this.log.warn(...args);
  }
  info(...args: Parameters<Logger["info"]>): void {
    this.log.info(...args);
  }
  debug(...args: Parameters<Logger["debug"]>): void {
    this.log.debug(...args);
  }
  trace(...args: Parameters<Logger["trace"]>): void {
    this.log.trace(...args);
  }
  child(bindings: Bindings): Logger {
    return this.log.child(bindings);
  }
}

function levelFor(status: number, err: unknown): "error" | "warn" | "info" {
  return err || status >= 500 ? "error" : status >= 400 ? "warn" : "info";
}
