// The one way a check judges a response: the status it expected, then
// everything the contract says about a response with that status.
import type { CheckRecorder, RunContext } from "../context.js";
import type { Exchange } from "../http-client.js";
import type { Operation } from "../spec.js";
import { contractViolations, mediaType } from "../validator.js";

/**
 * Passes the case when the status is one of `statuses` and the response
 * honours the contract for that status; otherwise fails it with `label`
 * naming the case. Returns whether it passed.
 */
export function expectResponse(
  ctx: RunContext,
  recorder: CheckRecorder,
  operation: Operation,
  exchange: Exchange,
  statuses: readonly number[] | ((status: number) => boolean),
  label: string,
): boolean {
  const accepted = typeof statuses === "function" ? statuses(exchange.status) : statuses.includes(exchange.status);
  if (!accepted) {
    const wanted = typeof statuses === "function" ? "" : `expected ${statuses.join(" or ")}, `;
    recorder.fail(`${label}: ${wanted}got ${exchange.status}${problemDetail(exchange)}`, exchange.request);
    return false;
  }
  const violations = contractViolations(ctx.validator, operation, exchange);
  if (violations.length > 0) {
    recorder.fail(`${label}: ${exchange.status} ${violations.join("; ")}`, exchange.request);
    return false;
  }
  recorder.pass();
  return true;
}

/**
 * For statuses the contract cannot document per operation (405): a
 * problem+json body that matches the spec's `Problem` schema.
 */
export function problemViolation(ctx: RunContext, exchange: Exchange): string | null {
  const type = mediaType(exchange.headers.get("content-type"));
  if (type !== "application/problem+json") return `Content-Type ${type || "(none)"} is not application/problem+json`;
  const schema = ctx.validator.component("Problem");
  if (!schema) return null;
  const reason = ctx.validator.check(schema, exchange.json);
  return reason ? `problem body ${reason}` : null;
}

/** ` (detail)` from a problem body, to make a failure line self-explaining. */
export function problemDetail(exchange: Exchange): string {
  const detail = (exchange.json as { detail?: unknown } | undefined)?.detail;
  return typeof detail === "string" ? ` (${detail.slice(0, 160)})` : "";
}
