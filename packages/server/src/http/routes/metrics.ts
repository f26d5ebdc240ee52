import { createHash, timingSafeEqual } from "node:crypto";
import { Router, type Request } from "express";
import { missingTokenError, verifyToken, type JwtKeys } from "../../auth/jwt.js";
import type { Principal } from "../../auth/principal.js";
import { AppError } from "../../errors/app-error.js";
import type { OpsMetrics } from "../../ops/metrics/ops-metrics.js";

/** Options for {@link metricsRoutes}. */
export interface MetricsRoutesOptions {
  metrics: OpsMetrics;
  /** Verifies admin JWTs on `/metrics`, which authenticates itself (it also takes the scrape token). */
  keys: JwtKeys;
  /** The `METRICS_SCRAPE_TOKEN`, if configured. */
  scrapeToken?: string | undefined;
}

/** Path of the Prometheus endpoint; it is mounted before the app's JWT middleware. */
export const PROMETHEUS_PATH = "/metrics";

/** The two metrics routers: mount `prometheus` before authentication, `snapshot` after it. */
export interface MetricsRouters {
  /** `GET /metrics`: authenticates its own bearer (admin JWT or the scrape token), since Prometheus sends a static token. */
  prometheus: Router;
  /** `GET /api/v1/metrics`: relies on the app's authentication having set `req.principal`. */
  snapshot: Router;
}

/** `GET /api/v1/metrics` (JSON snapshot, admin) and `GET /metrics` (Prometheus text, admin JWT or the scrape token). */
export function metricsRoutes(options: MetricsRoutesOptions): MetricsRouters {
  const scrapeDigest = options.scrapeToken === undefined ? undefined : digest(options.scrapeToken);
  const snapshot = Router();
  snapshot.get("/api/v1/metrics", async (req, res) => {
    requireAdmin(req.principal);
    res.set("Cache-Control", "no-store").json(await options.metrics.snapshot());
  });

  const prometheus = Router();
  prometheus.get(PROMETHEUS_PATH, async (req, res) => {
    const token = bearerToken(req);
    if (token === undefined) throw missingTokenError();
    // Compare digests, not strings: constant time whatever the lengths.
    const isScraper = scrapeDigest !== undefined && timingSafeEqual(digest(token), scrapeDigest);
    if (!isScraper) requireAdmin(verifyToken(token, options.keys));
    res.set("Cache-Control", "no-store").type(options.metrics.prometheusContentType).send(await options.metrics.prometheusText());
  });
  return { prometheus, snapshot };
}

function requireAdmin(principal: Principal | undefined): void {
  if (!principal) throw missingTokenError();
  if (!principal.roles.has("admin")) throw new AppError(403, "Metrics are for the admin role only.");
}

function bearerToken(req: Request): string | undefined {
  const match = /^Bearer +(\S+)$/i.exec(req.headers.authorization ?? "");
  return match?.[1];
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}
