import { Router, type ErrorRequestHandler, type RequestHandler } from "express";
import type { Logger } from "pino";
import type { JwtKeys } from "../auth/jwt.js";
import type { RedisCachePlugins } from "../cache/redis-cache-plugins.js";
import type { SectionCache } from "../cache/section-cache.js";
import type { Config } from "../config.js";
import type { Database } from "../data-access/database.js";
import type { Coordinator, SectionObservation } from "../domain/coordinator.js";
import { sectionNames } from "../domain/sections/section-name.js";
import type { UserDirectory } from "../domain/user-directory.js";
import { bodyIsDocumented } from "../http/middleware/documented-bodies.js";
import { corsAllowList, requireJsonBody, securityHeaders } from "../http/middleware/hardening.js";
import { rateLimits } from "../http/middleware/rate-limit.js";
import { cacheRoutes } from "../http/routes/cache.js";
import { healthRoutes } from "../http/routes/health.js";
import { metricsRoutes } from "../http/routes/metrics.js";
import { FailoverRateLimitStore } from "./rate-limit/failover-store.js";
import type { DependencyProbe } from "./health/dependency-probe.js";
import { HealthService } from "./health/health-service.js";
import { OpsMetrics, type SectionOutcome } from "./metrics/ops-metrics.js";
import { requestMetrics } from "./metrics/request-metrics.js";
import { serverVersion } from "./server-version.js";

/** What the operations layer needs from the rest of the server. */
export interface OpsDeps {
  config: Config;
  logger?: Logger | undefined;
  database: Pick<Database, "sequelize">;
  cache: SectionCache;
  coordinator: Pick<Coordinator, "observe" | "circuitStates" | "section">;
  users: UserDirectory;
  jwtKeys: JwtKeys;
  /** Present when `REDIS_URL` is set (see `connectRedisCache`). */
  redis?: RedisCachePlugins | undefined;
  /** The contract; with it, bodies sent to operations that document none are ignored instead of refused (415). */
  contract?: { spec: Record<string, unknown> } | undefined;
}

/**
 * The operations layer of one instance, ready to mount in the app in the
 * order DESIGN.md fixes. `close()` releases what it holds (Redis, timers).
 */
export interface OpsRuntime {
  metrics: OpsMetrics;
  health: HealthService;
  /** Request timing, security headers, CORS and the JSON content-type guard: mount first, before any route. */
  beforeRoutes: RequestHandler[];
  /** Health probes and Prometheus `/metrics` (own token scheme): mount before authentication. */
  publicRoutes: Router;
  /** Per-subject rate limits (and, for refused authentication, per IP): mount right after authentication. */
  rateLimit: [RequestHandler, ErrorRequestHandler];
  /** `/api/v1/metrics` and the cache API: mount with the other authenticated routes. */
  adminRoutes: Router;
  /** Stops timers and closes the Redis connections (after the last request finished). */
  close(): Promise<void>;
}

const OUTCOMES: Record<Exclude<SectionObservation["outcome"], "hit">, SectionOutcome> = {
  ok: "ok",
  timeout: "timeout",
  error: "failure",
  circuit_open: "rejected",
};

/** Builds the operations layer over the server's database, cache, coordinator and (optional) Redis. */
export function createOpsRuntime(deps: OpsDeps): OpsRuntime {
  const { config, cache, coordinator, redis } = deps;
  const metrics = new OpsMetrics({
    cacheTotals: () => ({ ...cache.stats(), l2: redis?.l2.stats() }),
    circuitStates: () => coordinator.circuitStates(),
  });
  const stopObserving = coordinator.observe((observation) => {
    if (observation.outcome === "hit") return;
    metrics.observeSection(observation.section, OUTCOMES[observation.outcome], observation.durationMs / 1000);
  });

  const probes: DependencyProbe[] = [
    { name: "database", check: async () => void (await deps.database.sequelize.query("SELECT 1")) },
    { name: "cache", check: async () => void cache.stats() },
  ];
  if (redis) probes.push(redis.connection.probe());
  const health = new HealthService({ probes, metrics, version: serverVersion(), probeTimeoutMs: config.HEALTH_PROBE_TIMEOUT_MS });

  const stores: FailoverRateLimitStore[] = [];
  const rateLimit = rateLimits({
    windowMs: config.RATE_LIMIT_WINDOW_S * 1000,
    readLimit: config.RATE_LIMIT_READ,
    writeLimit: config.RATE_LIMIT_WRITE,
    metrics,
    storeFor: (budget) => {
      if (!redis) return undefined;
      const store = new FailoverRateLimitStore(redis.connection, budget, () => metrics.countRateLimitFallback());
      stores.push(store);
      return store;
    },
  });

  const metricsRouters = metricsRoutes({ metrics, keys: deps.jwtKeys, scrapeToken: config.METRICS_SCRAPE_TOKEN });
  const publicRoutes = Router();
  publicRoutes.use(healthRoutes(health), metricsRouters.prometheus);

  const adminRoutes = cacheRoutes({
    cache,
    l2: redis?.l2,
    warmUser: async (userId, sections) => {
      if (!(await deps.users.exists(userId))) return false;
      await Promise.all((sections ?? sectionNames).map((name) => coordinator.section(userId, name)));
      return true;
    },
  });
  adminRoutes.use(metricsRouters.snapshot);

  return {
    metrics,
    health,
    beforeRoutes: [requestMetrics(metrics), securityHeaders(), corsAllowList(config.CORS_ORIGINS), requireJsonBody(deps.contract ? bodyIsDocumented(deps.contract.spec) : undefined)],
    publicRoutes,
    rateLimit,
    adminRoutes,
    async close() {
      stopObserving();
      metrics.close();
      for (const store of stores) store.shutdown();
      await redis?.connection.close();
    },
  };
}
