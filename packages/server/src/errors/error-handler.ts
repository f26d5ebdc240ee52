import type { ErrorRequestHandler, RequestHandler } from "express";
import { AppError } from "./app-error.js";
import { toProblem } from "./problem.js";

/** The `instance` member: the request path without its query string (which may hold secrets). */
const instanceOf = (originalUrl: string) => originalUrl.split("?")[0] ?? "/";

/**
 * The one error middleware, registered last. Sends RFC 9457
 * problem+json with the request id; logs unexpected errors with their stack
 * (server side only, never in the response).
 */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const { problem, headers, unexpected } = toProblem(err, { instance: instanceOf(req.originalUrl), requestId: req.id === undefined ? undefined : String(req.id) });
  if (unexpected) req.log?.error({ err }, "request failed");
  if (res.headersSent) {
    // Too late for a problem document; cut the connection so the client sees a failure, not a truncated success.
    res.destroy();
    return;
  }
  res.status(problem.status).set(headers).type("application/problem+json").send(JSON.stringify(problem));
};

/** Final route: anything unmatched is a 404 problem. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError(404, `Nothing is served at ${instanceOf(req.originalUrl)}.`));
};
