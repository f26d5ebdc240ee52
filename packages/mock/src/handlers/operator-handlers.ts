// Health, metrics and cache management, answered from the mock's own
// counters so dashboards built against the mock show moving numbers.
import { HttpResponse } from "msw";
import type { OpenApiHttpHandlers } from "openapi-msw";
import type { paths } from "../generated/openapi.js";
import { hasRole } from "../http/auth.js";
import { runOperation } from "../http/pipeline.js";
import type { AuthenticatedCall } from "../http/pipeline.js";
import { validateBody } from "../http/request-validation.js";
import type { MockRuntime } from "../mock-runtime.js";
import { operations, sectionNames } from "../generated/contract.js";
import type { OperationId } from "../generated/contract.js";
import type { DependencyCheck, SectionHealth, SectionName } from "../schema.js";
import { isDegraded } from "../sections/section-views.js";
import { badRequest, readJsonBody } from "./request-helpers.js";

/** The version the health report names: the contract's. */
const apiVersion = "1.0.0";

/** Answers 403 unless the caller holds one of the roles the contract gives the operation (`x-roles`). */
function requireRole(call: AuthenticatedCall, operationId: OperationId): Response | undefined {
  const { roles } = operations[operationId];
  if (roles.some((role) => hasRole(call.identity, role))) return undefined;
  return call.problem({ status: 403, detail: `This operation needs the ${roles.join(" or ")} role.` });
}

/** Handlers for health, metrics and cache operations. */
export function operatorHandlers(http: OpenApiHttpHandlers<paths>, runtime: MockRuntime) {
  const uptimeSeconds = (nowMs: number) => Math.max(0, Math.round((nowMs - runtime.startedAtMs) / 100) / 10);
  const dependencies = (): DependencyCheck[] => [
    { name: "database", status: "up", latencyMs: 0.4 },
    { name: "cache", status: "up", latencyMs: 0.01 },
  ];
  const sectionHealth = (name: SectionName): SectionHealth => {
    const degraded = isDegraded(runtime.scenario, name);
    const failing = degraded && name !== "activity";
    return {
      name,
      status: !degraded ? "up" : failing ? "down" : "degraded",
      latencyMs: degraded && !failing ? 80 : 1.5,
      circuit: name === "system" && degraded ? "open" : "closed",
    };
  };

  return [
    http.get("/api/v1/health/live", ({ request, response }) =>
      runOperation(runtime, "getLiveness", request, (call) => response(200).json({ status: "ok", uptimeSeconds: uptimeSeconds(call.nowMs) })),
    ),
    http.get("/api/v1/health/ready", ({ request, response }) =>
      runOperation(runtime, "getReadiness", request, () => response(200).json({ status: "ready", checks: dependencies() })),
    ),
    http.get("/api/v1/health", ({ request, response }) =>
      runOperation(runtime, "getHealth", request, (call) => {
        const sections = sectionNames.map(sectionHealth);
        return response(200).json({
          status: sections.some((section) => section.status !== "up") ? "degraded" : "ok",
          version: apiVersion,
          uptimeSeconds: uptimeSeconds(call.nowMs),
          dependencies: dependencies(),
          sections,
        });
      }),
    ),
    http.get("/api/v1/metrics", ({ request, response }) =>
      runOperation(runtime, "getMetrics", request, (call) => {
        const refused = requireRole(call, "getMetrics");
        if (refused) return response.untyped(refused);
        const { telemetry, cache } = runtime;
        return response(200).json({
          uptimeSeconds: uptimeSeconds(call.nowMs),
          routes: telemetry.snapshot(),
          sections: sectionNames.map((name) => ({
            name,
            ...telemetry.sectionCounts(name),
            // Sections are computed in memory here; these are plausible per-section latencies, not measurements.
            p50Ms: 1.2,
            p95Ms: 3.4,
            p99Ms: 6.8,
            circuit: sectionHealth(name).circuit,
          })),
          cache: { hits: cache.hits, misses: cache.misses, hitRatio: ratio(cache.hits, cache.misses) },
          errors: telemetry.errors,
          rateLimited: telemetry.rateLimited,
          // The mock has no process of its own to measure; these are plausible constants.
          process: { rssBytes: 96 * 1024 * 1024, heapUsedBytes: 40 * 1024 * 1024, eventLoopLagMs: 1.1 },
        });
      }),
    ),
    http.get("/metrics", ({ request, response }) =>
      runOperation(runtime, "getPrometheusMetrics", request, (call) => {
        const refused = requireRole(call, "getPrometheusMetrics");
        if (refused) return response.untyped(refused);
        return response.untyped(HttpResponse.text(prometheusText(runtime), { headers: { "Content-Type": "text/plain; version=0.0.4; charset=utf-8" } }));
      }),
    ),
    http.get("/api/v1/cache", ({ request, response }) =>
      runOperation(runtime, "getCacheStats", request, (call) => {
        const refused = requireRole(call, "getCacheStats");
        if (refused) return response.untyped(refused);
        const { cache } = runtime;
        return response(200).json({
          // Like the reference server, every cached entry keeps a last-good copy for stale fallback.
          l1: { keys: cache.size, hits: cache.hits, misses: cache.misses, hitRatio: ratio(cache.hits, cache.misses), staleKeys: cache.size },
          l2: null,
        });
      }),
    ),
    http.post("/api/v1/cache/invalidate", ({ request, response }) =>
      runOperation(runtime, "invalidateCache", request, async (call) => {
        const refused = requireRole(call, "invalidateCache");
        if (refused) return response.untyped(refused);
        const parsed = await readJsonBody(request, call, ["application/json"]);
        if (parsed instanceof Response) return response.untyped(parsed);
        const issues = validateBody("CacheInvalidation", parsed.body);
        if (issues.length > 0) return response.untyped(badRequest(call, issues));
        return response(200).json({ invalidated: runtime.cache.invalidate(parsed.body as { all?: boolean; userId?: string; section?: SectionName }) });
      }),
    ),
    http.post("/api/v1/cache/warm", ({ request, response }) =>
      runOperation(runtime, "warmCache", request, async (call) => {
        const startedAt = performance.now();
        const refused = requireRole(call, "warmCache");
        if (refused) return response.untyped(refused);
        const parsed = await readJsonBody(request, call, ["application/json"]);
        if (parsed instanceof Response) return response.untyped(parsed);
        const issues = validateBody("CacheWarmRequest", parsed.body);
        if (issues.length > 0) return response.untyped(badRequest(call, issues));
        const { userIds, sections = [...sectionNames] } = parsed.body as { userIds: string[]; sections?: SectionName[] };
        const warmed = userIds.filter((userId) => runtime.state.users.has(userId));
        for (const userId of warmed) runtime.cache.warm(userId, sections);
        return response(200).json({
          warmed,
          notFound: userIds.filter((userId) => !runtime.state.users.has(userId)),
          durationMs: Math.round((performance.now() - startedAt) * 100) / 100,
        });
      }),
    ),
  ];
}

function ratio(hits: number, misses: number): number {
  return hits + misses === 0 ? 0 : Math.round((hits / (hits + misses)) * 1000) / 1000;
}

/** The same counters in Prometheus exposition format. */
function prometheusText(runtime: MockRuntime): string {
  const lines = [
    "# HELP intro_page_http_requests_total HTTP requests answered",
    "# TYPE intro_page_http_requests_total counter",
    ...runtime.telemetry.snapshot().map((route) => `intro_page_http_requests_total{method="${route.method}",route="${route.route}"} ${route.count}`),
    "# HELP intro_page_cache_hits_total Cache hits",
    "# TYPE intro_page_cache_hits_total counter",
    `intro_page_cache_hits_total ${runtime.cache.hits}`,
    "# HELP intro_page_cache_misses_total Cache misses",
    "# TYPE intro_page_cache_misses_total counter",
    `intro_page_cache_misses_total ${runtime.cache.misses}`,
  ];
  return `${lines.join("\n")}\n`;
}
