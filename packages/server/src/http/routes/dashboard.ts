import { existsSync } from "node:fs";
import { join } from "node:path";
import express, { Router } from "express";

/** The dashboard's page, script and styles are public; the metrics they read need an admin token. */
export const dashboardPagePath = /^\/dashboard(?:\/|$)/;

/**
 * `GET /dashboard`: the operators' live view (request rate, p95 latency, error
 * rate, cache hit ratio, 429s, circuits) drawn from `GET /api/v1/metrics`,
 * which the page calls with the admin token the operator pastes in. The files
 * are static (`static/dashboard/`, shipped in `dist/assets/dashboard/`).
 */
export function dashboardRoutes(dir: string): Router {
  const router = Router();
  if (!existsSync(join(dir, "index.html"))) return router;
  router.get("/dashboard", (_req, res) => res.sendFile(join(dir, "index.html"), { headers: { "Cache-Control": "no-cache" } }));
  router.use("/dashboard", express.static(dir, { index: false, maxAge: 0 }));
  return router;
}
