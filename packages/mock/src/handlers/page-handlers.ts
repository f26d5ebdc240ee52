// Reads: the whole intro page and each section on its own. All of them go
// through `readSection`, so the page and the section endpoints agree.
import type { OpenApiHttpHandlers } from "openapi-msw";
import type { paths } from "../generated/openapi.js";
import { hasRole } from "../http/auth.js";
import { runOperation } from "../http/pipeline.js";
import type { AuthenticatedCall } from "../http/pipeline.js";
import type { MockRuntime } from "../mock-runtime.js";
import { sectionNames } from "../generated/contract.js";
import type { IntroPage, SectionName, ValidationIssue } from "../schema.js";
import { defaultActivityLimit } from "../sections/activity.js";
import { decodeActivityCursor } from "../sections/activity-cursor.js";
import { etagSourceOf, readSection } from "../sections/read-section.js";
import type { ActivityWindow } from "../sections/read-section.js";
import { badRequest, findUser, isNotModified, readHeaders } from "./request-helpers.js";

/** The sections `sections=` asks for (the pipeline checked it against the contract), in the contract's order; all five when absent. */
function requestedSections(raw: string | null): SectionName[] {
  if (raw === null) return [...sectionNames];
  const requested = raw.split(",");
  return sectionNames.filter((name) => requested.includes(name));
}

/** Parses `limit` and `cursor` for the activity endpoint (their form was checked against the contract already). */
function parseActivityWindow(params: URLSearchParams): ActivityWindow | { issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const rawLimit = params.get("limit");
  const limit = rawLimit === null ? defaultActivityLimit : Number(rawLimit);
  const rawCursor = params.get("cursor");
  const after = rawCursor === null ? undefined : decodeActivityCursor(rawCursor);
  if (rawCursor !== null && !after) issues.push({ pointer: "/query/cursor", detail: "is not a cursor this server issued" });
  return issues.length > 0 ? { issues } : { limit, ...(after ? { after } : {}) };
}

/** Handlers for getIntroPage and the five section reads. */
export function pageHandlers(http: OpenApiHttpHandlers<paths>, runtime: MockRuntime) {
  /** Reads one per-user section: the checks, the envelope and its validators; the route only shapes the answer. */
  const readUserSection = <Name extends Exclude<SectionName, "system">>(call: AuthenticatedCall, request: Request, userId: string, section: Name) => {
    const user = findUser(runtime, call, userId, "read");
    if (user instanceof Response) return { kind: "problem" as const, problem: user };
    const window = section === "activity" ? parseActivityWindow(new URL(request.url).searchParams) : { limit: defaultActivityLimit };
    if ("issues" in window) return { kind: "problem" as const, problem: badRequest(call, window.issues) };
    runtime.cache.read(userId, section);
    const envelope = readSection(runtime, user, section, call.nowMs, window);
    const headers = readHeaders(etagSourceOf(envelope));
    if (isNotModified(request, headers.ETag)) return { kind: "not-modified" as const, headers: { ETag: headers.ETag } };
    return { kind: "ok" as const, envelope, headers };
  };

  // Four near-identical routes on purpose: each path literal gives openapi-msw the
  // operation, so each `response(200).json(...)` is checked against its own schema.
  return [
    http.get("/api/v1/intro-page/{userId}/statistics", ({ request, params, response }) =>
      runOperation(runtime, "getStatistics", request, (call) => {
        const read = readUserSection(call, request, params.userId, "statistics");
        if (read.kind === "ok") return response(200).json(read.envelope, { headers: read.headers });
        return read.kind === "problem" ? response.untyped(read.problem) : response(304).empty({ headers: read.headers });
      }),
    ),
    http.get("/api/v1/intro-page/{userId}/actions", ({ request, params, response }) =>
      runOperation(runtime, "getActions", request, (call) => {
        const read = readUserSection(call, request, params.userId, "actions");
        if (read.kind === "ok") return response(200).json(read.envelope, { headers: read.headers });
        return read.kind === "problem" ? response.untyped(read.problem) : response(304).empty({ headers: read.headers });
      }),
    ),
    http.get("/api/v1/intro-page/{userId}/activity", ({ request, params, response }) =>
      runOperation(runtime, "getActivity", request, (call) => {
        const read = readUserSection(call, request, params.userId, "activity");
        if (read.kind === "ok") return response(200).json(read.envelope, { headers: read.headers });
        return read.kind === "problem" ? response.untyped(read.problem) : response(304).empty({ headers: read.headers });
      }),
    ),
    http.get("/api/v1/intro-page/{userId}/personalization", ({ request, params, response }) =>
      runOperation(runtime, "getPersonalization", request, (call) => {
        const read = readUserSection(call, request, params.userId, "personalization");
        if (read.kind === "ok") return response(200).json(read.envelope, { headers: read.headers });
        return read.kind === "problem" ? response.untyped(read.problem) : response(304).empty({ headers: read.headers });
      }),
    ),
    http.get("/api/v1/intro-page/{userId}", ({ request, params, response }) =>
      runOperation(runtime, "getIntroPage", request, (call) => {
        const startedAt = performance.now();
        const user = findUser(runtime, call, params.userId, "read");
        if (user instanceof Response) return response.untyped(user);
        const query = new URL(request.url).searchParams;
        // A section switched off by its feature flag is left out, as on the reference server.
        const requested = requestedSections(query.get("sections")).filter((name) => runtime.flags.showsSection(name));
        const fresh = query.get("fresh") === "true";
        if (fresh && !hasRole(call.identity, "admin")) {
          return response.untyped(call.problem({ status: 403, detail: "Only admins may bypass the cache (fresh=true)." }));
        }
        const sections: IntroPage["sections"] = {};
        let hits = 0;
        for (const name of requested) {
          if (runtime.cache.read(params.userId, name, fresh)) hits += 1;
          // Each section is assigned under its own name; the cast only bridges TypeScript's per-key typing.
          (sections as Record<SectionName, unknown>)[name] = readSection(runtime, user, name, call.nowMs);
        }
        const envelopes = Object.values(sections);
        const headers = readHeaders({ userId: params.userId, sections: Object.fromEntries(Object.entries(sections).map(([name, section]) => [name, etagSourceOf(section)])) });
        if (isNotModified(request, headers.ETag)) return response(304).empty({ headers: { ETag: headers.ETag } });
        const page: IntroPage = {
          userId: params.userId,
          generatedAt: new Date(call.nowMs).toISOString(),
          sections,
          meta: {
            coordinationMs: Math.round((performance.now() - startedAt) * 100) / 100,
            cache: hits === envelopes.length ? "hit" : hits === 0 ? "miss" : "partial",
            degraded: envelopes.some((section) => section.status !== "ok"),
          },
        };
        return response(200).json(page, { headers });
      }),
    ),
    http.get("/api/v1/system/overview", ({ request, response }) =>
      runOperation(runtime, "getSystemOverview", request, (call) => {
        runtime.cache.read("", "system");
        const envelope = readSection(runtime, undefined, "system", call.nowMs);
        const headers = readHeaders(etagSourceOf(envelope));
        if (isNotModified(request, headers.ETag)) return response(304).empty({ headers: { ETag: headers.ETag } });
        return response(200).json(envelope, { headers });
      }),
    ),
  ];
}
