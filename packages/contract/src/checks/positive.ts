// Positive checks: valid calls get a documented 2xx whose headers and body
// match the contract, and the page answers with exactly the sections asked.
import type { RunContext } from "../context.js";
import { tokenFlag } from "../http-client.js";
import type { Exchange, RequestValues } from "../http-client.js";
import { callersFor, jsonMediaType, requestFrom } from "../requests.js";
import { deref } from "../spec.js";
import type { Operation } from "../spec.js";
import { expectResponse, problemDetail } from "./expect.js";
import { valuesFor } from "./linked-values.js";

const isSuccess = (status: number) => status >= 200 && status < 300;

/** Valid calls of `operation`: with defaults, then with each optional query parameter's example. */
export async function checkPositive(ctx: RunContext, operation: Operation): Promise<void> {
  const recorder = ctx.record(operation.operationId, "positive");
  const callers = callersFor(operation).filter((caller) => ctx.client.has(caller));
  if (callers.length === 0) return recorder.skip(`needs ${callersFor(operation).map(tokenFlag).join(" or ")}`);
  await recorder.guard(async () => {
    const values = await valuesFor(ctx, operation);
    if (!values) return recorder.skip("no linked response gave the ids this call needs (e.g. no open items)");
    for (const variant of variants(operation, values)) {
      let exchange: Exchange | undefined;
      for (const caller of callers) {
        exchange = await ctx.send(operation, requestFrom(operation, caller, variant, jsonMediaType(operation)));
        if (exchange.status !== 403) break;
      }
      if (!exchange) return;
      if (exchange.status === 429) {
        recorder.fail(`valid call rate-limited (429${problemDetail(exchange)}): raise the server's limits for contract runs`, exchange.request);
        continue;
      }
      if (!expectResponse(ctx, recorder, operation, exchange, isSuccess, "valid call: expected a documented 2xx")) continue;
      const mismatch = semanticMismatch(ctx, operation, exchange);
      if (mismatch) recorder.fail(`valid call: ${mismatch}`, exchange.request);
      else if (!ctx.positives.has(operation.operationId)) {
        ctx.positives.set(operation.operationId, exchange);
        ctx.workingCallers.set(operation.operationId, exchange.request.caller);
      }
    }
  });
}

/** The default call, then one per optional query parameter that has an example. */
function variants(operation: Operation, values: RequestValues): RequestValues[] {
  const withExamples = operation.parameters
    .filter((p) => p.in === "query" && !p.required && p.example !== undefined && values.query[p.name] === undefined)
    .map((p) => ({ ...values, query: { ...values.query, [p.name]: p.example } }));
  return [values, ...withExamples];
}

/**
 * What the schema cannot say: a body naming a `userId` names the one asked
 * for, and a `sections` object holds exactly the sections requested (all
 * the schema lists when none were).
 */
function semanticMismatch(ctx: RunContext, operation: Operation, exchange: Exchange): string | null {
  const body = exchange.json as Record<string, unknown> | undefined;
  const values = exchange.request.values;
  if (!body || typeof body !== "object" || !values) return null;
  if (typeof body.userId === "string" && values.path.userId !== undefined && body.userId !== values.path.userId) {
    return `body.userId is "${body.userId}", asked for "${values.path.userId}"`;
  }
  const sectionsParam = operation.parameters.find((p) => p.in === "query" && p.name === "sections");
  if (sectionsParam && body.sections && typeof body.sections === "object") {
    const schema = deref(ctx.contract.document, operation.responses[String(exchange.status)]?.content["application/json"]?.schema);
    const all = Object.keys(deref(ctx.contract.document, schema?.properties?.sections)?.properties ?? {});
    const asked = (values.query.sections as string[] | undefined) ?? all;
    const got = Object.keys(body.sections);
    const missing = asked.filter((name) => !got.includes(name));
    const extra = got.filter((name) => !asked.includes(name));
    if (missing.length > 0 || extra.length > 0) {
      return `sections ${missing.length ? `missing ${missing.join(", ")}` : ""}${missing.length && extra.length ? "; " : ""}${extra.length ? `not asked for ${extra.join(", ")}` : ""}`;
    }
  }
  return null;
}
