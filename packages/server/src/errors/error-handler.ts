import type { ServerResponse } from "node:http";
import type { ErrorRequestHandler, RequestHandler } from "express";
import type { Logger } from "pino";
import { AppError } from "./app-error.js";
import { toProblem } from "./problem.js";

/** The `instance` member: the request path without its query string (which may hold secrets). */
const instanceOf = (originalUrl: string) => originalUrl.split("?")[0] ?? "/";

/** What {@link sendProblem} needs to know of the request that failed. */
export interface FailedRequest {
  /** The request target as received (its query is dropped from the problem). */
  url: string;
  /** The request id, echoed in the problem. */
  id?: unknown;
  /** The request's logger, for unexpected errors. */
  log?: Pick<Logger, "error"> | undefined;
}

/**
 * Answers `err` as RFC 9457 problem+json with the request id; logs
 * unexpected errors with their stack (server side only, never in the
 * response). Works on a plain `node:http` response, so the widget's poll
 * (`http/hot-page-reads.ts`) fails exactly as every other request does.
 */
export function sendProblem(err: unknown, request: FailedRequest, res: ServerResponse): void {
  const { problem, headers, unexpected } = toProblem(err, { instance: instanceOf(request.url), requestId: request.id === undefined ? undefined : String(request.id) });
  if (unexpected) request.log?.error({ err }, "request failed");
  if (res.headersSent) {
    // Too late for a problem document; cut the connection so the client sees a failure, not a truncated success.
    res.destroy();
    return;
  }
  const body = JSON.stringify(problem);
  res.statusCode = problem.status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader("Content-Type", "application/problem+json; charset=utf-8");
  res.setHeader("Content-Length", Buffer.byteLength(body));
  res.end(body);
}

/** The one error middleware, registered last. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  sendProblem(err, { url: req.originalUrl, id: req.id, log: req.log }, res);
};

/** Final route: anything unmatched is a 404 problem. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError(404, `Nothing is served at ${instanceOf(req.originalUrl)}.`));
};
