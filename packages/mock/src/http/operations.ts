// Every operation in openapi.yaml with what the pipeline needs to know about
// it. A test checks this table against the spec (paths, security, 429s).
import type { RateLimitPolicyName } from "./rate-limit.js";

/** How the pipeline treats one operation. */
export interface OperationRule {
  method: "get" | "post" | "patch";
  path: string;
  /** Needs a bearer token (the spec's `security` is not empty). */
  secured: boolean;
  /** The rate-limit policy that applies, when the operation documents `429`. */
  rateLimit: RateLimitPolicyName | null;
}

/** The operations, by `operationId`. */
export const operations = {
  getIntroPage: { method: "get", path: "/api/v1/intro-page/{userId}", secured: true, rateLimit: "read" },
  getStatistics: { method: "get", path: "/api/v1/intro-page/{userId}/statistics", secured: true, rateLimit: "read" },
  getActions: { method: "get", path: "/api/v1/intro-page/{userId}/actions", secured: true, rateLimit: "read" },
  completeAction: { method: "post", path: "/api/v1/intro-page/{userId}/actions/{itemId}/complete", secured: true, rateLimit: "write" },
  dismissAction: { method: "post", path: "/api/v1/intro-page/{userId}/actions/{itemId}/dismiss", secured: true, rateLimit: "write" },
  getActivity: { method: "get", path: "/api/v1/intro-page/{userId}/activity", secured: true, rateLimit: "read" },
  getPersonalization: { method: "get", path: "/api/v1/intro-page/{userId}/personalization", secured: true, rateLimit: "read" },
  updatePreferences: { method: "patch", path: "/api/v1/intro-page/{userId}/preferences", secured: true, rateLimit: "write" },
  getSystemOverview: { method: "get", path: "/api/v1/system/overview", secured: true, rateLimit: "read" },
  postEvents: { method: "post", path: "/api/v1/events", secured: true, rateLimit: "write" },
  getLiveness: { method: "get", path: "/api/v1/health/live", secured: false, rateLimit: null },
  getReadiness: { method: "get", path: "/api/v1/health/ready", secured: false, rateLimit: null },
  getHealth: { method: "get", path: "/api/v1/health", secured: false, rateLimit: null },
  getMetrics: { method: "get", path: "/api/v1/metrics", secured: true, rateLimit: "read" },
  getPrometheusMetrics: { method: "get", path: "/metrics", secured: true, rateLimit: null },
  getCacheStats: { method: "get", path: "/api/v1/cache", secured: true, rateLimit: "read" },
  invalidateCache: { method: "post", path: "/api/v1/cache/invalidate", secured: true, rateLimit: "write" },
  warmCache: { method: "post", path: "/api/v1/cache/warm", secured: true, rateLimit: "write" },
  getOpenApiJson: { method: "get", path: "/openapi.json", secured: false, rateLimit: null },
  getOpenApiYaml: { method: "get", path: "/openapi.yaml", secured: false, rateLimit: null },
} as const satisfies Record<string, OperationRule>;

/** An `operationId` from openapi.yaml. */
export type OperationId = keyof typeof operations;
