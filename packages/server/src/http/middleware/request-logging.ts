import type { IncomingMessage, ServerResponse } from "node:http";
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
 *
 * The handler sets `X-Request-Id` itself. `begin` does the same work on a
 * plain `node:http` request but leaves that header to the caller, which
 * returns the id: the widget's poll (`http/hot-page-reads.ts`) writes all
 * its headers at once.
 */
export function requestLogging(logger: Logger, sampleRate = 1): RequestLogging {
  const begin = beginRequestLog(logger, sampleRate);
  const handler: RequestHandler = (req, res, next) => {
    res.setHeader("X-Request-Id", begin(req, res).id);
    next();
  };
  return Object.assign(handler, { begin });
}

/** The request id and access log stage, as Express middleware and as a step for plain requests. */
export type RequestLogging = RequestHandler & {
  /** Gives the request its id and logger and arranges its access log line. */
  begin: (req: IncomingMessage, res: ServerResponse) => LoggedRequest;
};

/** What `begin` arranged for a request. */
export interface LoggedRequest {
  /** The request id, for `X-Request-Id`. */
  id: string;
  /** True when the access log line lists the response headers: set them with `setHeader`, where the log can read them. */
  headersLogged: boolean;
}

function beginRequestLog(logger: Logger, sampleRate: number): (req: IncomingMessage, res: ServerResponse) => LoggedRequest {
  const full = pinoHttp({
    logger,
    genReqId: (req) => requestIdFor(req),
    customLogLevel: (_req, res, err) => levelFor(res.statusCode, err),
    quietReqLogger: true,
  });
  const logInFull = (req: IncomingMessage, res: ServerResponse): LoggedRequest => {
    full(req, res, noop);
    return { id: String(req.id), headersLogged: true };
  };
  if (sampleRate >= 1) return logInFull;
  const requestLogger = full.logger;
  return (req, res) => {
    if (sampleRate > 0 && Math.random() < sampleRate) return logInFull(req, res);
    const id = requestIdFor(req);
    req.id = id;
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
    return { id, headersLogged: false };
  };
}

const noop = () => undefined;

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
