import type { Server } from "node:http";
import type { Logger } from "pino";
import { loadJwtKeys } from "../auth/jwt.js";
import type { FlagChangeBus, InvalidationBus, L2Store } from "../cache/ports.js";
import { connectRedisCache } from "../cache/redis-cache-plugins.js";
import { MemoryPageVersionLog } from "../cache/page-versions.js";
import { RedisPageVersionLog } from "../cache/redis-page-versions.js";
import { SectionCache } from "../cache/section-cache.js";
import { sectionTtls, type Config } from "../config/config.js";
import { loadContract } from "../http/contract-document.js";
import { openDatabase } from "../data-access/database.js";
import { migrateUp } from "../data-access/migrator.js";
import { createRepositories, type Repositories } from "../data-access/repositories.js";
import { ReadRouter } from "../data-access/read-replicas.js";
import { trackWritesOnBus } from "./read-routing.js";
import { Coordinator } from "../domain/coordinator.js";
import { LiveUpdates } from "../domain/live-updates.js";
import { createPageWrites } from "../domain/page-writes.js";
import { createSectionServices } from "../domain/sections/index.js";
import { PageReads } from "../domain/sections/page-reads.js";
import type { SectionName } from "../vocabulary/section-names.js";
import type { SectionServices } from "../domain/sections/section-service.js";
import { createUserDirectory } from "../domain/user-directory.js";
import type { AppDeps } from "../http/app-deps.js";
import { createApp } from "../http/app.js";
import { LiveStreams } from "../http/live-streams.js";
import { listen } from "../http/server.js";
import { GracefulShutdown } from "../http/shutdown.js";
import { findDemoPage } from "../http/routes/demo.js";
import { createDemoMode, type DemoModeOptions } from "../http/routes/demo-api.js";
import { createOpsRuntime } from "../ops/ops-runtime.js";
import { watchKeysFile } from "./key-reloader.js";
import { FlagEvaluationCounter } from "../ops/metrics/flag-evaluation-counter.js";
import { startFeatureFlags } from "./feature-flags.js";
import { createLogger } from "./logger.js";
import { seedDemoIfEmpty } from "../seed/demo.js";

/** Optional parts `startServer` uses instead of its defaults: tests inject faults, ops plugs in Redis. */
export interface StartOptions {
  /** Replacement section services, or a function of the defaults (to wrap them). */
  sections?: Partial<SectionServices> | ((defaults: SectionServices) => Partial<SectionServices>);
  /** Shared L2 cache store (Redis). */
  l2?: L2Store;
  /** Cross-instance invalidation (Redis pub/sub). */
  bus?: InvalidationBus;
  /** Cross-instance feature-flag change announcements (Redis pub/sub). */
  flagBus?: FlagChangeBus;
  logger?: Logger;
  /** Per-section load budgets (ms) overriding SECTION_TIMEOUT_MS. */
  sectionTimeoutsMs?: Partial<Record<SectionName, number>>;
  /** Clock for the domain (tests pin time). */
  now?: () => Date;
  /** Demo mode's token lifetime and live-activity pace (tests shorten them); used only when no JWT key is configured. */
  demo?: Pick<DemoModeOptions, "tokenTtlSeconds" | "liveActivityIntervalMs" | "liveActivityMaxRunMs">;
}

/** A running server. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:41237`. */
  url: string;
  server: Server;
  /** The wired dependencies (cache, coordinator, database …) for tests and ops. */
  deps: AppDeps;
  /** Re-reads JWT_KEYS_FILE now (the CLI calls it on SIGHUP); without one it does nothing. */
  reloadKeys(): void;
  /** Stops accepting requests, waits for in-flight ones, then closes the cache, breakers and database. */
  close(): Promise<void>;
}

/**
 * Loads every section of some user's page, outside any budget, before the
 * server listens, as many times at once as the pool has connections: JIT
 * compilation, opening the pool's connections and planning the page's
 * statement on each would otherwise make the first burst of requests blow
 * their 80 ms budgets (ten pages at once on a cold pool took 45–90 ms here)
 * and open every section's circuit. Failures are ignored; a broken section
 * shows up on real requests.
 */
async function warmUp(repositories: Repositories, sections: SectionServices, connections: number, logger: Logger): Promise<void> {
  const started = performance.now();
  const userId = await repositories.users.anyId().catch(() => undefined);
  if (!userId) return;
  const page = () => {
    const reads = new PageReads(userId, new Date());
    return Promise.allSettled(Object.values(sections).map((section) => section.load(userId, undefined, undefined, reads)));
  };
  await Promise.all(Array.from({ length: connections }, page));
  logger.debug({ ms: Math.round(performance.now() - started), connections }, "sections warmed up");
}

/** A composed server that is not listening: its parts for `createApp`, and how to release them. */
export interface ServerParts {
  /** The wired dependencies: hand them to `createApp` to get the Express app. */
  deps: AppDeps;
  /** Re-reads JWT_KEYS_FILE now (it is also re-read when it changes). */
  reloadKeys(): void;
  /** Stops the breakers and timers and closes the cache, Redis and the database (after the last request finished). */
  close(): Promise<void>;
}

/**
 * The composition root: opens the database (PostgreSQL or embedded PGlite),
 * migrates and seeds as configured, and wires cache, sections, coordinator,
 * writes and the operations services. Listens on nothing: `startServer`
 * does that, an embedding host mounts `createApp(parts.deps)` itself.
 */
export async function composeServer(config: Config, options: StartOptions = {}): Promise<ServerParts> {
  const logger = options.logger ?? createLogger(config);
  const jwtKeys = loadJwtKeys(config);
  if (jwtKeys.demoSecret) logger.warn("demo mode: no JWT_SECRET, JWT_PUBLIC_KEY or JWT_KEYS_FILE set; tokens are signed with a random secret made at start");
  const keyReloader = watchKeysFile(jwtKeys, config, logger);
  const contract = loadContract();
  const database = await openDatabase(config, logger);
  // [ops] With REDIS_URL: the L2 store, the invalidation bus, shared rate limits and the redis readiness probe.
  const redis = await connectRedisCache(config, logger);
  let readRouter: ReadRouter | undefined;
  try {
    if (config.MIGRATE_ON_START) {
      const applied = await migrateUp(database.sequelize);
      if (applied.length > 0) logger.info({ applied }, "migrations applied");
    }
    const repositories = createRepositories(database.sequelize);
    if (config.SEED_DEMO && (await seedDemoIfEmpty(repositories))) logger.info("demo data seeded");
    // Section reads go to DATABASE_READ_URL replicas when set (PostgreSQL only); writes stay on the primary.
    readRouter = database.kind === "postgres" ? await ReadRouter.open(config, repositories, logger) : undefined;
    const bus = options.bus ?? redis?.bus;

    const cache = new SectionCache({
      ttls: sectionTtls(config),
      staleTtlSeconds: config.CACHE_STALE_TTL_S,
      maxKeys: config.CACHE_MAX_KEYS,
      maxBytes: config.CACHE_MAX_MB * 2 ** 20,
      l2: options.l2 ?? redis?.l2,
      bus: readRouter ? trackWritesOnBus(bus, readRouter) : bus,
      logger,
    });
    const defaults = createSectionServices(readRouter?.repositories ?? repositories, options.now);
    const overrides = typeof options.sections === "function" ? options.sections(defaults) : (options.sections ?? {});
    await warmUp(repositories, defaults, database.kind === "postgres" ? config.DATABASE_POOL_MAX : 1, logger);
    const coordinator = new Coordinator({
      sections: { ...defaults, ...overrides },
      cache,
      timeoutMs: config.SECTION_TIMEOUT_MS,
      sectionTimeoutsMs: options.sectionTimeoutsMs,
      breaker: {
        errorThresholdPercentage: config.BREAKER_ERROR_THRESHOLD_PERCENT,
        volumeThreshold: config.BREAKER_VOLUME_THRESHOLD,
        resetTimeoutMs: config.BREAKER_RESET_MS,
      },
      logger,
      now: options.now,
    });
    const ops = createOpsRuntime({ config, database, cache, sections: coordinator, redis, replicas: readRouter });
    // Live push hears every invalidation this instance applies (own writes, and other instances' over the bus).
    const updates = new LiveUpdates({
      sections: coordinator,
      invalidations: cache,
      versions: redis
        ? new RedisPageVersionLog(redis.connection, config.LIVE_VERSIONS_PER_USER, config.LIVE_VERSIONS_TTL_S)
        : new MemoryPageVersionLog(config.LIVE_VERSIONS_PER_USER),
      coalesceMs: config.LIVE_COALESCE_MS,
      onPush: (ms) => ops.live.observePush(ms / 1000),
      logger,
    });
    const streams = new LiveStreams({
      perSubject: config.LIVE_STREAMS_PER_SUBJECT,
      heartbeatMs: config.LIVE_HEARTBEAT_S * 1000,
      retryMs: config.LIVE_RETRY_MS,
      metrics: ops.live,
    });
    const flags = await startFeatureFlags({
      config,
      repository: repositories.flags,
      bus: options.flagBus ?? redis?.flagBus,
      observer: new FlagEvaluationCounter(ops.metrics.registry).observe,
      logger,
    });
    const writes = createPageWrites(repositories, cache, { now: options.now, dedupeRetentionDays: config.EVENT_DEDUPE_RETENTION_DAYS });
    // Demo mode (no key configured): the demo page gets short-lived tokens from /demo/token instead of a URL.
    const demo = jwtKeys.demoSecret
      ? createDemoMode({ secret: jwtKeys.demoSecret, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, writes, logger, ...options.demo })
      : undefined;
    const deps: AppDeps = {
      config,
      logger,
      jwtKeys,
      contract,
      database,
      cache,
      coordinator,
      users: createUserDirectory(repositories.users),
      writes,
      ops,
      live: { updates, streams },
      flags,
      demoPage: findDemoPage(),
      demo,
    };
    return {
      deps,
      reloadKeys: keyReloader.reload,
      async close() {
        keyReloader.close();
        await demo?.close();
        streams.close();
        updates.close();
        await flags.close();
        coordinator.close();
        cache.close();
        await ops.close();
        await readRouter?.close();
        await database.close();
      },
    };
  } catch (err) {
    keyReloader.close();
    await readRouter?.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    await redis?.connection.close().catch(() => undefined);
    throw err;
  }
}

/** `composeServer`, then listens on HOST:PORT with a graceful shutdown (drain in-flight requests, then close the parts). */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const parts = await composeServer(config, options);
  const { deps } = parts;
  const { logger } = deps;
  let listening: Awaited<ReturnType<typeof listen>>;
  try {
    listening = await listen(createApp(deps), config.HOST, config.PORT, { headersMs: config.HTTP_HEADERS_TIMEOUT_MS, requestMs: config.HTTP_REQUEST_TIMEOUT_MS });
  } catch (err) {
    await parts.close().catch(() => undefined);
    throw err;
  }
  const { server, url } = listening;
  // [ops] Drain in-flight requests (bounded) before closing what they use.
  const shutdown = new GracefulShutdown({
    server,
    drainTimeoutMs: config.SHUTDOWN_DRAIN_TIMEOUT_MS,
    preStopDelayMs: config.SHUTDOWN_DELAY_MS,
    onDrainStart: () => {
      deps.ops?.health.startDraining();
      // Streams never finish on their own: end them now with a reconnect hint so the drain can complete.
      deps.live?.streams.drain();
    },
    closeResources: () => parts.close(),
    log: logger,
  });
  logger.info({ url, database: deps.database.kind }, "intro-page server listening");
  return {
    url,
    server,
    deps,
    reloadKeys: parts.reloadKeys,
    async close() {
      await shutdown.shutdown("close");
    },
  };
}
