/**
 * Where each operation lives. The generated types carry no operationIds at
 * runtime, so this table names them; `satisfies` checks every entry against the
 * generated `paths` (a wrong method or path does not compile) and
 * `routes.test.ts` checks the names against openapi.yaml itself.
 */
import type { operations, paths } from "./generated/openapi.js";

type Method = "get" | "post" | "patch";

/** Every `"<method> <path>"` in the spec whose operation has exactly the shape of O. */
type RouteOf<O> = {
  [P in keyof paths]: {
    [M in Method]: paths[P][M] extends O ? (O extends paths[P][M] ? `${M} ${P}` : never) : never;
  }[Method];
}[keyof paths];

/** Method and path template of every operation, keyed by operationId. */
export const routes = {
  getIntroPage: "get /api/v1/intro-page/{userId}",
  getStatistics: "get /api/v1/intro-page/{userId}/statistics",
  getActions: "get /api/v1/intro-page/{userId}/actions",
  completeAction: "post /api/v1/intro-page/{userId}/actions/{itemId}/complete",
  dismissAction: "post /api/v1/intro-page/{userId}/actions/{itemId}/dismiss",
  getActivity: "get /api/v1/intro-page/{userId}/activity",
  getPersonalization: "get /api/v1/intro-page/{userId}/personalization",
  updatePreferences: "patch /api/v1/intro-page/{userId}/preferences",
  getSystemOverview: "get /api/v1/system/overview",
  postEvents: "post /api/v1/events",
  getLiveness: "get /api/v1/health/live",
  getReadiness: "get /api/v1/health/ready",
  getHealth: "get /api/v1/health",
  getMetrics: "get /api/v1/metrics",
  getPrometheusMetrics: "get /metrics",
  getCacheStats: "get /api/v1/cache",
  invalidateCache: "post /api/v1/cache/invalidate",
  warmCache: "post /api/v1/cache/warm",
  getOpenApiJson: "get /openapi.json",
  getOpenApiYaml: "get /openapi.yaml",
} as const satisfies { [K in keyof operations]: RouteOf<operations[K]> };
