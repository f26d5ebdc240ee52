import type { Logger } from "pino";
import type { Config } from "../config/config.js";
import type { RedisConnection } from "./redis-connection.js";
import { RedisFlagChangeBus } from "./redis-flag-change-bus.js";
import { RedisInvalidationBus } from "./redis-invalidation-bus.js";
import { RedisL2Store } from "./redis-l2-store.js";

/** The Redis pieces one instance plugs into its `SectionCache` (and that ops reuse for rate limits and readiness). */
export interface RedisCachePlugins {
  connection: RedisConnection;
  l2: RedisL2Store;
  bus: RedisInvalidationBus;
  /** Feature-flag change announcements (own channel, same connections). */
  flagBus: RedisFlagChangeBus;
}

/** How long start-up waits for Redis before serving without it (it keeps reconnecting in the background). */
const STARTUP_WAIT_MS = 2_000;

/**
 * Connects to `REDIS_URL` when set and builds the L2 store and the
 * invalidation bus; undefined in single-instance mode. Never fails start-up:
 * an unreachable Redis is logged, readiness reports it, and the connection
 * keeps retrying.
 */
export async function connectRedisCache(
  config: Pick<Config, "REDIS_URL" | "REDIS_KEY_PREFIX" | "REDIS_COMMAND_TIMEOUT_MS">,
  logger?: Logger,
): Promise<RedisCachePlugins | undefined> {
  if (!config.REDIS_URL) return undefined;
  // Loaded only here: an instance without Redis does not hold ioredis in memory (~6 MB resident, docs/performance.md).
  const { RedisConnection } = await import("./redis-connection.js");
  const connection = new RedisConnection({ url: config.REDIS_URL, keyPrefix: config.REDIS_KEY_PREFIX, commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS });
  connection.on("lost", () => logger?.warn("redis connection lost; serving from L1 and the database"));
  connection.on("reconnected", () => logger?.info("redis connection restored"));
  const ready = await connection.connect(STARTUP_WAIT_MS);
  if (!ready) logger?.warn({ waitedMs: STARTUP_WAIT_MS }, "redis not reachable at start; continuing without it until it is");
  return { connection, l2: new RedisL2Store(connection), bus: new RedisInvalidationBus(connection), flagBus: new RedisFlagChangeBus(connection) };
}
