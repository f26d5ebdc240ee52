// What happens to every request before and after its handler, in the
// reference server's order: request id → scenario → authentication → rate
// limit → parameter validation → handler; then X-Request-Id and RateLimit headers on the way out.
import { HttpResponse, delay } from "msw";
import type { MockRuntime } from "../mock-runtime.js";
import type { MockIdentity } from "../token.js";
import { authenticate } from "./auth.js";
import { operations } from "../generated/contract.js";
import type { OperationId } from "../generated/contract.js";
import { badRequestInit, problemResponse } from "./problem.js";
import type { ProblemInit } from "./problem.js";
import { RateLimitMeter } from "./rate-limit.js";
import { requestIdFor } from "./request-id.js";
import { validateParameters } from "./request-validation.js";

/** What a handler gets besides msw's resolver info. */
export interface Call {
  /** The caller; `null` only on public operations. */
  identity: MockIdentity | null;
  requestId: string;
  nowMs: number;
  /** Builds a problem+json response for this request. */
  problem(init: ProblemInit): Response;
}

/** Like {@link Call}, on an operation that requires a token. */
export interface AuthenticatedCall extends Call {
  identity: MockIdentity;
}

/** The call a handler of `Id` gets: authenticated exactly when the operation needs a token. */
export type CallFor<Id extends OperationId> = (typeof operations)[Id]["secured"] extends true ? AuthenticatedCall : Call;

/**
 * Runs one request through the pipeline. Early answers (scenario, 401, 429) are
 * plain responses; `R` lets typed handlers keep openapi-msw's response type.
 */
export async function runOperation<Id extends OperationId, R extends Response>(
  runtime: MockRuntime,
  operationId: Id,
  request: Request,
  handler: (call: CallFor<Id>) => R | Promise<R>,
): Promise<R> {
  const rule = operations[operationId];
  const startedAt = performance.now();
  const requestId = requestIdFor(request);
  const scenario = runtime.scenario;
  // A network error has no status or headers to decorate: answer before anything else.
  if (scenario === "offline") return HttpResponse.error() as Response as R;
  if (scenario === "slow") await delay(runtime.latencyMs);
  const nowMs = runtime.now();
  const problem = (init: ProblemInit) => problemResponse(request, requestId, init);
  let headers: Record<string, string> = {};
  const answer = async (): Promise<Response> => {
    if (scenario === "server-error") {
      return problem({ status: 500, detail: "Something went wrong on our side; quote the request id when reporting it." });
    }
    let identity: MockIdentity | null = null;
    if (rule.secured) {
      if (scenario === "unauthorized") {
        return problem({
          status: 401,
          detail: "The token has expired.",
          headers: { "WWW-Authenticate": 'Bearer realm="intro-page", error="invalid_token", error_description="The token has expired."' },
        });
      }
      const authentication = authenticate(request, nowMs);
      if (!("identity" in authentication)) {
        return problem({ status: 401, detail: authentication.detail, headers: { "WWW-Authenticate": authentication.challenge } });
      }
      identity = authentication.identity;
    }
    if (rule.rateLimit) {
      if (scenario === "rate-limited") {
        return problem({ status: 429, detail: RateLimitMeter.refusalDetail(rule.rateLimit), headers: runtime.meter.exhausted(rule.rateLimit) });
      }
      headers = runtime.meter.consume(identity?.sub ?? "anonymous", rule.rateLimit, nowMs);
    }
    // Like the reference server's OpenAPI validator: after the rate limit, before the route.
    const issues = validateParameters(rule, request);
    if (issues.length > 0) return problem(badRequestInit(issues));
    try {
      // `identity` is set whenever `rule.secured` is, which is what CallFor<Id> promises.
      return await handler({ identity, requestId, nowMs, problem } as CallFor<Id>);
    } catch (error) {
      // Like the reference server's central error handler: log it, answer a 500 problem, never a stack trace.
      console.error(`[intro-page mock] ${operationId} failed (request ${requestId}):`, error);
      return problem({ status: 500, detail: "Something went wrong on our side; quote the request id when reporting it." });
    }
  };
  const response = await answer();
  response.headers.set("X-Request-Id", requestId);
  for (const [name, value] of Object.entries(headers)) if (!response.headers.has(name)) response.headers.set(name, value);
  runtime.telemetry.record(rule.method.toUpperCase(), rule.path.replace(/\{(\w+)\}/g, ":$1"), response.status, performance.now() - startedAt);
  // Early answers are plain problem responses; the contract tests check them against the spec.
  return response as R;
}
