// The feature-flag admin API (admin role): list, read, change with If-Match
// (412 when stale, 428 when missing) and the audit trail, like the reference server.
import type { OpenApiHttpHandlers } from "openapi-msw";
import { operations, type OperationId } from "../generated/contract.js";
import type { paths } from "../generated/openapi.js";
import { hasRole } from "../http/auth.js";
import { runOperation, type AuthenticatedCall } from "../http/pipeline.js";
import { validateBody } from "../http/request-validation.js";
import type { MockRuntime } from "../mock-runtime.js";
import type { FeatureFlag, FeatureFlagPatch } from "../schema.js";
import { badRequest, readJsonBody } from "./request-helpers.js";

/** The strong ETag of a flag's version. */
const flagEtag = (flag: FeatureFlag) => `"${flag.version}"`;

/** 403 unless the caller holds a role the contract gives the operation. */
function refusal(call: AuthenticatedCall, operationId: OperationId): Response | undefined {
  const { roles } = operations[operationId];
  return roles.some((role) => hasRole(call.identity, role)) ? undefined : call.problem({ status: 403, detail: "Managing feature flags needs the admin role." });
}

/** Handlers for `/api/v1/flags` and below. */
export function flagHandlers(http: OpenApiHttpHandlers<paths>, runtime: MockRuntime) {
  const find = (call: AuthenticatedCall, key: string) => runtime.flags.get(key) ?? call.problem({ status: 404, detail: `No feature flag "${key}".` });
  return [
    http.get("/api/v1/flags", ({ request, response }) =>
      runOperation(runtime, "listFlags", request, (call) => {
        const refused = refusal(call, "listFlags");
        if (refused) return response.untyped(refused);
        return response(200).json({ provider: "builtin", flags: runtime.flags.list() });
      }),
    ),
    http.get("/api/v1/flags/{flagKey}", ({ request, params, response }) =>
      runOperation(runtime, "getFlag", request, (call) => {
        const refused = refusal(call, "getFlag");
        if (refused) return response.untyped(refused);
        const flag = find(call, params.flagKey);
        if (flag instanceof Response) return response.untyped(flag);
        return response(200).json(flag, { headers: { ETag: flagEtag(flag) } });
      }),
    ),
    http.patch("/api/v1/flags/{flagKey}", ({ request, params, response }) =>
      runOperation(runtime, "updateFlag", request, async (call) => {
        const refused = refusal(call, "updateFlag");
        if (refused) return response.untyped(refused);
        // The request is checked before the flag is looked up, as the reference server's validator does.
        const parsed = await readJsonBody(request, call, ["application/merge-patch+json", "application/json"]);
        if (parsed instanceof Response) return response.untyped(parsed);
        const issues = validateBody("FeatureFlagPatch", parsed.body);
        if (issues.length > 0) return response.untyped(badRequest(call, issues));
        const flag = find(call, params.flagKey);
        if (flag instanceof Response) return response.untyped(flag);
        const version = /^"(\d{1,15})"$/.exec(request.headers.get("if-match")?.trim() ?? "")?.[1];
        if (version === undefined) {
          return response.untyped(call.problem({ status: 428, detail: "Send the flag's current ETag in If-Match, so a concurrent change is not overwritten." }));
        }
        const result = runtime.flags.update(flag, Number(version), parsed.body as FeatureFlagPatch, call.identity.sub, call.requestId, call.nowMs);
        if (result.outcome === "invalid") {
          return response.untyped(call.problem({ status: 422, detail: `The settings do not fit flag "${flag.key}".`, errors: result.issues }));
        }
        if (result.outcome === "stale") {
          return response.untyped(
            call.problem({
              status: 412,
              detail: `Flag "${flag.key}" changed since you read it (now version ${flag.version}); read it again and reapply your change.`,
              headers: { ETag: flagEtag(flag) },
            }),
          );
        }
        return response(200).json(result.flag, { headers: { ETag: flagEtag(result.flag) } });
      }),
    ),
    http.get("/api/v1/flags/{flagKey}/audit", ({ request, params, response }) =>
      runOperation(runtime, "getFlagAudit", request, (call) => {
        const refused = refusal(call, "getFlagAudit");
        if (refused) return response.untyped(refused);
        const flag = find(call, params.flagKey);
        if (flag instanceof Response) return response.untyped(flag);
        const limit = Number(new URL(request.url).searchParams.get("limit") ?? 50);
        return response(200).json({ items: runtime.flags.history(flag.key, limit) });
      }),
    ),
  ];
}
