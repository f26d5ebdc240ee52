import type { Request, RequestHandler } from "express";
import type { OpsMetrics } from "../../ops/metrics/ops-metrics.js";

/** Label for requests no route matched (404s, requests refused before routing); keeps label cardinality bounded. */
export const UNMATCHED_ROUTE = "unmatched";

/**
 * Times every request from arrival to the last byte written and records it
 * under the matched route's template, never the raw URL (user ids in paths
 * would make one time series per user). Mount it first so refusals by later
 * middleware (429, 413, 415) are counted too.
 */
export function requestMetrics(metrics: OpsMetrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once("finish", () => {
      // A stream lasts as long as the client stays; its own gauge counts it (ops/metrics/live-metrics.ts).
      if (String(res.getHeader("Content-Type")).startsWith("text/event-stream")) return;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.observeRequest(req.method, routeTemplate(req), res.statusCode, seconds);
    });
    next();
  };
}

const labelledRoute = Symbol("route template");

/** Names the route a request was answered by when no Express route matched it (the hot page read). */
export function labelRoute(req: object, template: string): void {
  (req as { [labelledRoute]?: string })[labelledRoute] = template;
}

/** The matched route as a template (`/api/v1/intro-page/:userId`), or {@link UNMATCHED_ROUTE}. */
export function routeTemplate(req: Request): string {
  const labelled = (req as Request & { [labelledRoute]?: string })[labelledRoute];
  if (labelled !== undefined) return labelled;
  const path: unknown = req.route?.path;
  if (typeof path !== "string") return UNMATCHED_ROUTE;
  return `${req.baseUrl}${path}`;
}
