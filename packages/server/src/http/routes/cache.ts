import { Router } from "express";
import type { InvalidationSelector } from "../../cache/cache-keys.js";
import type { L2Stats } from "../../cache/redis-l2-store.js";
import type { SectionCache } from "../../cache/section-cache.js";
import type { SectionName } from "../../vocabulary/section-names.js";
import { AppError } from "../../errors/app-error.js";
import type { components } from "../../generated/openapi.js";
import { requireRole } from "./guards.js";

type Schemas = components["schemas"];

/** Computes and caches `sections` for one user; resolves false when the user does not exist. */
export type WarmUser = (userId: string, sections: readonly SectionName[] | undefined) => Promise<boolean>;

/** Options for {@link cacheRoutes}. */
export interface CacheRoutesOptions {
  cache: Pick<SectionCache, "stats" | "invalidate">;
  /** L2 statistics; absent when no Redis is configured. */
  l2?: { stats(): L2Stats } | undefined;
  warmUser: WarmUser;
  /** Users warmed at the same time; bounds the load a warm request puts on the database. */
  warmConcurrency?: number;
}

/**
 * `GET /api/v1/cache` (stats, admin), `POST /api/v1/cache/invalidate` (admin
 * or service; every instance drops the same keys) and `POST
 * /api/v1/cache/warm` (admin). Bodies are already validated against the
 * contract by the app's request validator.
 */
export function cacheRoutes(options: CacheRoutesOptions): Router {
  const router = Router();
  const concurrency = options.warmConcurrency ?? 8;

  router.get("/api/v1/cache", (req, res) => {
    requireRole(req, ["admin"], "Cache management");
    const l1 = options.cache.stats();
    const body: Schemas["CacheStats"] = { l1: { ...l1, hitRatio: Math.round(l1.hitRatio * 10_000) / 10_000 }, l2: options.l2?.stats() ?? null };
    res.set("Cache-Control", "no-store").json(body);
  });

  router.post("/api/v1/cache/invalidate", async (req, res) => {
    requireRole(req, ["admin", "service"], "Cache management");
    const { all, userId, section } = req.body as Schemas["CacheInvalidation"];
    const selector: InvalidationSelector = all ? { all: true } : { ...(userId === undefined ? {} : { userId }), ...(section === undefined ? {} : { section }) };
    if (!selector.all && selector.userId === undefined && selector.section === undefined) {
      throw new AppError(400, "Name what to invalidate: all, userId, section, or userId and section.");
    }
    const body: Schemas["CacheInvalidationResult"] = { invalidated: await options.cache.invalidate(selector) };
    res.json(body);
  });

  router.post("/api/v1/cache/warm", async (req, res) => {
    requireRole(req, ["admin"], "Cache management");
    const { userIds, sections } = req.body as Schemas["CacheWarmRequest"];
    const started = performance.now();
    const found = await mapLimited(userIds, concurrency, (userId) => options.warmUser(userId, sections));
    const body: Schemas["CacheWarmResult"] = {
      warmed: userIds.filter((_, i) => found[i]),
      notFound: userIds.filter((_, i) => !found[i]),
      durationMs: Math.round((performance.now() - started) * 10) / 10,
    };
    res.json(body);
  });
  return router;
}

/** Maps `items` with at most `limit` calls in flight, keeping order. */
async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
