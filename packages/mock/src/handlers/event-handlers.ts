// How host backends push data in: service role only, validated against the
// contract, idempotent per eventId.
import type { OpenApiHttpHandlers } from "openapi-msw";
import type { paths } from "../generated/openapi.js";
import { hasRole } from "../http/auth.js";
import { runOperation } from "../http/pipeline.js";
import type { AuthenticatedCall } from "../http/pipeline.js";
import { validateBody } from "../http/request-validation.js";
import type { MockRuntime } from "../mock-runtime.js";
import type { IngestEvent } from "../schema.js";
import { ingestEvents } from "../state/commands.js";
import { badRequest, readJsonBody } from "./request-helpers.js";

/** The handler for postEvents. */
export function eventHandlers(http: OpenApiHttpHandlers<paths>, runtime: MockRuntime) {
  return [
    http.post("/api/v1/events", ({ request, response }) =>
      runOperation(runtime, "postEvents", request, async (call) => {
        if (!hasRole(call.identity, "service")) return response.untyped(call.problem({ status: 403, detail: "Only the service role may post events." }));
        const parsed = await readJsonBody(request, call, ["application/json"]);
        if (parsed instanceof Response) return response.untyped(parsed);
        const issues = validateBody("EventBatch", parsed.body);
        if (issues.length > 0) return response.untyped(badRequest(call, issues));
        const { events } = parsed.body as { events: IngestEvent[] };
        // Checked before anything is applied, so a batch naming an unknown user changes nothing.
        const unknown = events.find((event) => !runtime.state.users.has(event.userId));
        if (unknown) return response.untyped(call.problem({ status: 404, detail: `No user with id "${unknown.userId}".` }));
        const result = ingestEvents(runtime.state, events, call.nowMs);
        for (const { userId, section } of result.touched) runtime.cache.invalidate({ userId, section });
        return response(202).json({ accepted: result.accepted, duplicates: result.duplicates });
      }),
    ),
  ];
}
