import type { Store } from "express-rate-limit";
import type { RedisCachePlugins } from "../cache/redis-cache-plugins.js";
import type { L2Stats } from "../cache/redis-l2-store.js";
import type { SectionCache } from "../cache/section-cache.js";
import type { Config } from "../config/config.js";
import type { Database } from "../data-access/database.js";
import { readBackfillProgress } from "../data-access/migrations/backfill.js";
import type { DependencyProbe } from "../vocabulary/dependency-probe.js";
import type { SectionMonitor } from "../vocabulary/section-outcomes.js";
import { HealthService } from "./health/health-service.js";
import { LiveMetrics } from "./metrics/live-metrics.js";
import { OpsMetrics, type RateLimitBudget } from "./metrics/ops-metrics.js";
import { registerReplicaMetrics, type ReplicaMonitor } from "./metrics/replica-metrics.js";
import { FailoverRateLimitStore } from "./rate-limit/failover-store.js";
import { serverVersion } from "./server-version.js";

/** What the operations layer needs from the rest of the server. */
export interface OpsDeps {
  config: Config;
  database: Pick<Database, "sequelize">;
  cache: SectionCache;
  /** Section outcomes and circuit states (the coordinator). */
  sections: SectionMonitor;
  /** Present when `REDIS_URL` is set (see `connectRedisCache`). */
  redis?: RedisCachePlugins | undefined;
  /** Present when DATABASE_READ_URL is set: replica lag and read routing for /metrics. */
  replicas?: ReplicaMonitor | undefined;
}

/**
 * The operations services of one instance: metrics, health, the rate-limit
 * stores and Redis statistics. Plain services with no HTTP in them; the HTTP
 * layer (`http/ops-mounts.ts`) turns them into middleware and routes.
 * `close()` releases what it holds (Redis, timers).
 */
export interface OpsRuntime {
  metrics: OpsMetrics;
  /** Open page streams and push latency, in `metrics`' registry. */
  live: LiveMetrics;
  health: HealthService;
  /** The store counting one rate-limit budget: Redis-backed with in-memory failover when Redis is configured, else undefined (per-process memory). */
  rateLimitStore(budget: RateLimitBudget): Store | undefined;
  /** L2 (Redis) statistics; absent when no Redis is configured. */
  l2?: { stats(): L2Stats } | undefined;
  /** Stops timers and closes the Redis connections (after the last request finished). */
  close(): Promise<void>;
}

/** Builds the operations services over the server's database, cache, section monitor and (optional) Redis. */
export function createOpsRuntime(deps: OpsDeps): OpsRuntime {
  const { config, cache, sections, redis } = deps;
  const metrics = new OpsMetrics({
    cacheTotals: () => ({ ...cache.lookups(), l2: redis?.l2.stats() }),
    circuitStates: () => sections.circuitStates(),
    backfillProgress: () => readBackfillProgress(deps.database.sequelize),
  });
  if (deps.replicas) registerReplicaMetrics(metrics.registry, deps.replicas);
  const stopObserving = sections.observe((observation) => {
    if (observation.outcome === "hit") return;
    metrics.observeSection(observation.section, observation.outcome, observation.durationMs / 1000);
  });

  const probes: DependencyProbe[] = [
    { name: "database", check: async () => void (await deps.database.sequelize.query("SELECT 1")) },
    { name: "cache", check: async () => void cache.lookups() },
  ];
  if (redis) probes.push(redis.connection.probe());
  const replicas = deps.replicas;
  const health = new HealthService({ probes, metrics, version: serverVersion(), probeTimeoutMs: config.HEALTH_PROBE_TIMEOUT_MS, ...(replicas ? { replicas: () => replicas.states() } : {}) });

  const stores: FailoverRateLimitStore[] = [];
  return {
    metrics,
    live: new LiveMetrics(metrics.registry),
    health,
    rateLimitStore(budget) {
      if (!redis) return undefined;
      const store = new FailoverRateLimitStore(redis.connection, budget, () => metrics.countRateLimitFallback());
      stores.push(store);
      return store;
    },
    l2: redis?.l2,
    async close() {
      stopObserving();
      metrics.close();
      for (const store of stores) store.shutdown();
      await redis?.connection.close();
    },
  };
}
