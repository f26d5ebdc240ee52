import { Router } from "express";
import { AppError } from "../../errors/app-error.js";
import type { HealthService } from "../../ops/health/health-service.js";

/** Seconds a caller should wait before asking readiness again after a 503. */
const NOT_READY_RETRY_AFTER_S = 5;

/**
 * `GET /api/v1/health/live` (process answers), `GET /api/v1/health/ready`
 * (200, or 503 problem naming the failing dependency or the drain) and
 * `GET /api/v1/health` (aggregate, always 200: read `status`).
 * Answers are never cached by intermediaries: a stale "ready" is worse than none.
 */
export function healthRoutes(health: HealthService): Router {
  const router = Router();
  router.use("/api/v1/health", (_req, res, next) => {
    res.set("Cache-Control", "no-store");
    next();
  });

  router.get("/api/v1/health/live", (_req, res) => {
    res.json(health.liveness());
  });

  router.get("/api/v1/health/ready", async (_req, res) => {
    const { ready, draining, checks } = await health.readiness();
    if (ready) {
      res.json({ status: "ready", checks });
      return;
    }
    const down = checks.filter((check) => check.status === "down").map((check) => check.name);
    const detail = draining ? "Shutting down; not taking new traffic." : `Dependency down: ${down.join(", ")}`;
    throw new AppError(503, detail, { extensions: { checks }, headers: { "Retry-After": String(NOT_READY_RETRY_AFTER_S) } });
  });

  router.get("/api/v1/health", async (_req, res) => {
    res.json(await health.report());
  });
  return router;
}
