// Conditional GET: the ETag a read returned, sent back in If-None-Match,
// gives 304 with no body.
import type { RunContext } from "../context.js";
import type { Operation } from "../spec.js";
import { expectResponse } from "./expect.js";

/**
 * Repeats the positive call (other checks may have changed the data since),
 * then revalidates with the ETag it returned: 304, no body, the same validator.
 */
export async function checkConditional(ctx: RunContext, operation: Operation): Promise<void> {
  if (operation.method !== "GET" || !operation.responses["304"]) return;
  const recorder = ctx.record(operation.operationId, "conditional");
  const positive = ctx.positives.get(operation.operationId);
  if (!positive) return recorder.skip("no successful positive call to revalidate");
  await recorder.guard(async () => {
    const current = await ctx.send(operation, positive.request);
    const etag = current.headers.get("etag");
    if (!etag) return recorder.fail(`the ${current.status} has no ETag to revalidate with`, current.request);
    const request = { ...positive.request, headers: { ...positive.request.headers, "If-None-Match": etag } };
    const exchange = await ctx.send(operation, request);
    if (!expectResponse(ctx, recorder, operation, exchange, [304], `If-None-Match: ${etag}`)) return;
    const again = exchange.headers.get("etag");
    if (again && again !== etag) recorder.fail(`If-None-Match: ${etag}: 304 carries another ETag ${again}`, request);
  });
}
