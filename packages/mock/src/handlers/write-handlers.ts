// Writes a user makes on their own page: complete, dismiss, preferences.
import type { OpenApiHttpHandlers } from "openapi-msw";
import type { paths } from "../generated/openapi.js";
import { runOperation } from "../http/pipeline.js";
import type { AuthenticatedCall } from "../http/pipeline.js";
import { validateBody } from "../http/request-validation.js";
import type { MockRuntime } from "../mock-runtime.js";
import type { PreferencesPatch, ValidationIssue } from "../schema.js";
import { readSection, etagSourceOf } from "../sections/read-section.js";
import { userAsSeen } from "../sections/section-views.js";
import { applyPreferencesPatch, settleItem } from "../state/commands.js";
import { badRequest, findUser, readHeaders, readJsonBody } from "./request-helpers.js";

/** Semantic checks the schema cannot express: each section once in `layout.order` and `hidden`, a real time zone. */
function semanticIssues(patch: PreferencesPatch): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const field of ["order", "hidden"] as const) {
    const list = patch.layout?.[field];
    list?.forEach((section, index) => {
      if (list.indexOf(section) !== index) issues.push({ pointer: `/body/layout/${field}/${index}`, detail: `duplicate section "${section}"` });
    });
  }
  if (typeof patch.timezone === "string") {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: patch.timezone });
    } catch {
      issues.push({ pointer: "/body/timezone", detail: `"${patch.timezone}" is not a known IANA time zone` });
    }
  }
  return issues;
}

/** Handlers for completeAction, dismissAction and updatePreferences. */
export function writeHandlers(http: OpenApiHttpHandlers<paths>, runtime: MockRuntime) {
  /** Completes or dismisses; the item must be visible to the user in the current scenario. */
  const settle = (call: AuthenticatedCall, userId: string, itemId: string, target: "completed" | "dismissed") => {
    const user = findUser(runtime, call, userId, "act");
    if (user instanceof Response) return user;
    // In the `empty` scenario the user has no items, so there is nothing to act on.
    const visible = userAsSeen(user, runtime.scenario).items.has(itemId);
    const result = visible ? settleItem(user, itemId, target, call.nowMs) : ({ kind: "not-found" } as const);
    if (result.kind === "not-found") return call.problem({ status: 404, detail: `No item "${itemId}" for user "${userId}".` });
    if (result.kind === "conflict") return call.problem({ status: 409, detail: `Item ${itemId} was already ${result.state}.` });
    runtime.cache.invalidate({ userId });
    return result.outcome;
  };

  return [
    http.post("/api/v1/intro-page/{userId}/actions/{itemId}/complete", ({ request, params, response }) =>
      runOperation(runtime, "completeAction", request, (call) => {
        const outcome = settle(call, params.userId, params.itemId, "completed");
        return outcome instanceof Response ? response.untyped(outcome) : response(200).json(outcome);
      }),
    ),
    http.post("/api/v1/intro-page/{userId}/actions/{itemId}/dismiss", ({ request, params, response }) =>
      runOperation(runtime, "dismissAction", request, (call) => {
        const outcome = settle(call, params.userId, params.itemId, "dismissed");
        return outcome instanceof Response ? response.untyped(outcome) : response(200).json(outcome);
      }),
    ),
    http.patch("/api/v1/intro-page/{userId}/preferences", ({ request, params, response }) =>
      runOperation(runtime, "updatePreferences", request, async (call) => {
        const user = findUser(runtime, call, params.userId, "act");
        if (user instanceof Response) return response.untyped(user);
        const parsed = await readJsonBody(request, call, ["application/merge-patch+json", "application/json"]);
        if (parsed instanceof Response) return response.untyped(parsed);
        const schemaIssues = validateBody("PreferencesPatch", parsed.body);
        if (schemaIssues.length > 0) return response.untyped(badRequest(call, schemaIssues));
        const patch = parsed.body as PreferencesPatch;
        const issues = semanticIssues(patch);
        if (issues.length > 0) {
          return response.untyped(call.problem({ status: 422, detail: issues.map((issue) => `${issue.pointer.slice(6)}: ${issue.detail}`).join("; "), errors: issues }));
        }
        applyPreferencesPatch(user, patch, call.nowMs);
        runtime.cache.invalidate({ userId: params.userId, section: "personalization" });
        const envelope = readSection(runtime, user, "personalization", call.nowMs);
        return response(200).json(envelope, { headers: readHeaders(etagSourceOf(envelope)) });
      }),
    ),
  ];
}
