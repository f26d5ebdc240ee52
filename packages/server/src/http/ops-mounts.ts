import { Router, type ErrorRequestHandler, type RequestHandler } from "express";
import type { OpsRuntime } from "../ops/ops-runtime.js";
import { sectionNames } from "../vocabulary/section-names.js";
import type { AppDeps } from "./app-deps.js";
import type { BodyIsDocumented } from "./middleware/documented-bodies.js";
import type { PollStages } from "./hot-page-reads.js";
import { apiSecurityHeaders, corsAllowList, corsHeadersFor, requireJsonBody, securityHeaders } from "./middleware/hardening.js";
import { rateBudgets, rateLimits } from "./middleware/rate-limit.js";
import { requestMetrics } from "./middleware/request-metrics.js";
import { cacheRoutes } from "./routes/cache.js";
import { healthRoutes } from "./routes/health.js";
import { metricsRoutes } from "./routes/metrics.js";

/** The operations layer as HTTP, in the slots `createApp` mounts it at. */
export interface OpsMounts {
  /** Request timing, security headers, CORS and the JSON content-type guard: mount first, before any route. */
  beforeRoutes: RequestHandler[];
  /** Health probes and Prometheus `/metrics` (own token scheme): mount before authentication. */
  publicRoutes: Router;
  /** Per-subject rate limits (and, for refused authentication, per IP): mount right after authentication. */
  rateLimit: [RequestHandler, ErrorRequestHandler];
  /** The same stages for the widget's poll, which is answered without Express (`http/hot-page-reads.ts`). */
  poll: NonNullable<PollStages["ops"]>;
  /** `/api/v1/metrics` and the cache API: mount with the other authenticated routes. */
  adminRoutes: Router;
}

/** Turns the operations services into the middleware and routers the app mounts. */
export function opsMounts(
  ops: OpsRuntime,
  deps: Pick<AppDeps, "config" | "jwtKeys" | "cache" | "coordinator" | "users">,
  isDocumented: BodyIsDocumented,
): OpsMounts {
  const { config, coordinator } = deps;
  const budgets = rateBudgets({
    windowMs: config.RATE_LIMIT_WINDOW_S * 1000,
    readLimit: config.RATE_LIMIT_READ,
    writeLimit: config.RATE_LIMIT_WRITE,
    metrics: ops.metrics,
    storeFor: (budget) => ops.rateLimitStore(budget),
  });

  const timeRequest = requestMetrics(ops.metrics);
  const apiHeaders = apiSecurityHeaders();
  const metricsRouters = metricsRoutes({ metrics: ops.metrics, keys: deps.jwtKeys, scrapeToken: config.METRICS_SCRAPE_TOKEN });
  const publicRoutes = Router();
  publicRoutes.use(healthRoutes(ops.health), metricsRouters.prometheus);

  const adminRoutes = cacheRoutes({
    cache: deps.cache,
    l2: ops.l2,
    warmUser: async (userId, sections) => {
      if (!(await deps.users.lookup(userId))) return false;
      await Promise.all((sections ?? sectionNames).map((name) => coordinator.section(userId, name)));
      return true;
    },
  });
  adminRoutes.use(metricsRouters.snapshot);

  return {
    beforeRoutes: [timeRequest, securityHeaders(apiHeaders), corsAllowList(config.CORS_ORIGINS), requireJsonBody(isDocumented)],
    publicRoutes,
    rateLimit: rateLimits(budgets),
    poll: { timeRequest, securityHeaders: apiHeaders.flat(), corsHeaders: corsHeadersFor(config.CORS_ORIGINS), readBudget: budgets.read },
    adminRoutes,
  };
}
