// Reads: the whole intro page and each section on its own. All of them go
// through `readSection`, so the page and the section endpoints agree.
import type { OpenApiHttpHandlers } from "openapi-msw";
import type { paths } from "../generated/openapi.js";
import { hasRole } from "../http/auth.js";
import { runOperation } from "../http/pipeline.js";
import type { AuthenticatedCall } from "../http/pipeline.js";
import type { MockRuntime } from "../mock-runtime.js";
import { sectionNames } from "../schema.js";
import type { IntroPage, SectionName, ValidationIssue } from "../schema.js";
import { defaultActivityLimit } from "../sections/activity.js";
import { decodeActivityCursor } from "../sections/activity-cursor.js";
import { etagSourceOf, readSection } from "../sections/read-section.js";
import type { ActivityWindow } from "../sections/read-section.js";
import { badRequest, findUser, isNotModified, readHeaders } from "./request-helpers.js";

/** Parses `sections=` (comma-separated, unique, known names); `undefined` means all five. */
function parseSections(raw: string | null): { sections: SectionName[] } | { issue: ValidationIssue } {
  if (raw === null) return { sections: [...sectionNames] };
  const requested = raw.split(",");
  const unknown = requested.find((name) => !(sectionNames as readonly string[]).includes(name));
  if (unknown !== undefined) return { issue: { pointer: "/query/sections", detail: `"${unknown}" is not a section` } };
  if (new Set(requested).size !== requested.length) return { issue: { pointer: "/query/sections", detail: "must not list a section twice" } };
  // The page lists sections in the contract's order whatever order they were asked in.
  return { sections: sectionNames.filter((name) => requested.includes(name)) };
}

/** Parses `limit` and `cursor` for the activity endpoint. */
function parseActivityWindow(params: URLSearchParams): ActivityWindow | { issues: ValidationIssue[] } {
  const issues: ValidationIssue[] = [];
  const rawLimit = params.get("limit");
  const limit = rawLimit === null ? defaultActivityLimit : Number(rawLimit);
  if (!/^\d+$/.test(rawLimit ?? "20") || limit < 1 || limit > 100) issues.push({ pointer: "/query/limit", detail: "must be an integer from 1 to 100" });
  const rawCursor = params.get("cursor");
  const after = rawCursor === null ? undefined : decodeActivityCursor(rawCursor);
  if (rawCursor !== null && !after) issues.push({ pointer: "/query/cursor", detail: "is not a cursor this server issued" });
  return issues.length > 0 ? { issues } : { limit, ...(after ? { after } : {}) };
}

/** The contract's `If-None-Match` parameter is at most 256 characters; a longer one is a 400, as on the server. */
function ifNoneMatchIssues(request: Request): ValidationIssue[] {
  const value = request.headers.get("if-none-match");
  return value !== null && value.length > 256 ? [{ pointer: "/header/If-None-Match", detail: "must NOT have more than 256 characters" }] : [];
}

/** Handlers for getIntroPage and the five section reads. */
export function pageHandlers(http: OpenApiHttpHandlers<paths>, runtime: MockRuntime) {
  /** Reads one per-user section: the checks, the envelope and its validators; the route only shapes the answer. */
  const readUserSection = <Name extends Exclude<SectionName, "system">>(call: AuthenticatedCall, request: Request, userId: string, section: Name) => {
    const user = findUser(runtime, call, userId, "read");
    if (user instanceof Response) return { kind: "problem" as const, problem: user };
    const window = section === "activity" ? parseActivityWindow(new URL(request.url).searchParams) : { limit: defaultActivityLimit };
    if ("issues" in window) return { kind: "problem" as const, problem: badRequest(call, window.issues) };
    const headerIssues = ifNoneMatchIssues(request);
    if (headerIssues.length > 0) return { kind: "problem" as const, problem: badRequest(call, headerIssues) };
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
        const requested = parseSections(query.get("sections"));
        const rawFresh = query.get("fresh");
        const issues: ValidationIssue[] = "issue" in requested ? [requested.issue] : [];
        if (rawFresh !== null && rawFresh !== "true" && rawFresh !== "false") issues.push({ pointer: "/query/fresh", detail: "must be true or false" });
        issues.push(...ifNoneMatchIssues(request));
        if (issues.length > 0 || "issue" in requested) return response.untyped(badRequest(call, issues));
        const fresh = rawFresh === "true";
        if (fresh && !hasRole(call.identity, "admin")) {
          return response.untyped(call.problem({ status: 403, detail: "Only admins may bypass the cache (fresh=true)." }));
        }
        const sections: IntroPage["sections"] = {};
        let hits = 0;
        for (const name of requested.sections) {
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
        const headerIssues = ifNoneMatchIssues(request);
        if (headerIssues.length > 0) return response.untyped(badRequest(call, headerIssues));
        runtime.cache.read("", "system");
        const envelope = readSection(runtime, undefined, "system", call.nowMs);
        const headers = readHeaders(etagSourceOf(envelope));
        if (isNotModified(request, headers.ETag)) return response(304).empty({ headers: { ETag: headers.ETag } });
        return response(200).json(envelope, { headers });
      }),
    ),
  ];
}
