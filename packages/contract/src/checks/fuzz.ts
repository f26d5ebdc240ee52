// Schema-driven fuzzing: parameters and bodies generated from the spec
// (mostly valid, some hostile), reproducible from the seed. Whatever is sent,
// the server must answer in time, without a 5xx, with a documented status and
// a response that matches the contract.
import fc from "fast-check";
import { arbitraryFor } from "../arbitraries.js";
import type { RunContext } from "../context.js";
import { BudgetExhausted, RequestFailed } from "../http-client.js";
import type { RequestValues } from "../http-client.js";
import { callersFor, jsonMediaType, requestFrom } from "../requests.js";
import type { Operation } from "../spec.js";
import { contractViolations } from "../validator.js";

/** The most fuzz cases one operation gets, however large the budget. */
export const maxCasesPerOperation = 60;
/** Requests kept back from fuzzing for the clean-up calls that follow it. */
const reservedRequests = 4;

/** Fuzzes every selected operation with an equal share of the remaining budget. */
export async function checkFuzz(ctx: RunContext): Promise<void> {
  const share = Math.floor(Math.max(0, ctx.client.remaining - reservedRequests) / Math.max(1, ctx.selected.length));
  const cases = Math.min(maxCasesPerOperation, share);
  for (const operation of ctx.selected) await fuzzOperation(ctx, operation, cases);
}

async function fuzzOperation(ctx: RunContext, operation: Operation, count: number): Promise<void> {
  const recorder = ctx.record(operation.operationId, "fuzz");
  if (count === 0) return recorder.skip("no requests left in the budget (raise --max-requests)");
  const caller = ctx.workingCallers.get(operation.operationId) ?? callersFor(operation).find((candidate) => ctx.client.has(candidate));
  if (!caller) return recorder.skip("needs a token for this operation");
  const samples = fc.sample(requestValues(ctx, operation), { seed: seedFor(ctx.settings.seed, operation.operationId), numRuns: count });
  for (const [index, values] of samples.entries()) {
    const request = requestFrom(operation, caller, values, jsonMediaType(operation));
    const label = `fuzz case ${index + 1}/${count} (seed ${ctx.settings.seed})`;
    try {
      const exchange = await ctx.send(operation, request);
      if (exchange.status >= 500) {
        recorder.fail(`${label}: ${exchange.status} for ${request.method} ${request.path}`, request);
        continue;
      }
      const violations = contractViolations(ctx.validator, operation, exchange);
      if (violations.length > 0) recorder.fail(`${label}: ${exchange.status} ${violations.join("; ")}`, request);
      else recorder.pass();
    } catch (error) {
      if (error instanceof BudgetExhausted) return recorder.skip(error.message);
      if (!(error instanceof RequestFailed)) throw error;
      // A server that hangs once will hang again: one timeout is enough, and the rest would each cost the full wait.
      recorder.fail(`${label}: ${error.kind}: ${error.message} for ${request.method} ${request.path}`, request);
      return;
    }
  }
}

/** Request values for `operation`: mostly schema-valid, sometimes hostile strings; the user's own id most of the time. */
function requestValues(ctx: RunContext, operation: Operation): fc.Arbitrary<RequestValues> {
  const { document } = ctx.contract;
  const hostile = fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom("", "-1", "1e309", "null", "../..", "%00", "' OR 1=1 --", "🙂".repeat(20)));
  const userId = (standard: fc.Arbitrary<unknown>) => fc.oneof({ weight: 4, arbitrary: fc.constant(ctx.settings.userId) }, { weight: 1, arbitrary: standard });
  const parameters = Object.fromEntries(
    operation.parameters.map((parameter) => {
      const valid = arbitraryFor(document, parameter.schema);
      let value: fc.Arbitrary<unknown>;
      if (parameter.name === "userId") value = userId(valid);
      else if (parameter.in === "header") value = valid.filter((v) => typeof v === "string" && /^[\x20-\x7e]*$/.test(v));
      else value = fc.oneof({ weight: 4, arbitrary: valid }, { weight: 1, arbitrary: hostile });
      return [`${parameter.in}:${parameter.name}`, parameter.required ? value : fc.option(value, { nil: undefined })];
    }),
  );
  const mediaType = jsonMediaType(operation);
  const bodySchema = mediaType ? operation.requestBody?.content[mediaType]?.schema : undefined;
  const body = bodySchema
    ? fc.oneof(
        { weight: 4, arbitrary: arbitraryFor(document, bodySchema, (name, _schema, standard) => (name === "userId" ? userId(standard) : undefined)) },
        { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
      )
    : fc.constant(undefined);
  return fc.record({ parameters: fc.record(parameters), body }).map(({ parameters: drawn, body: drawnBody }) => {
    const values: RequestValues = { path: {}, query: {}, header: {}, body: drawnBody };
    for (const [key, value] of Object.entries(drawn)) {
      if (value === undefined) continue;
      const [place, name] = key.split(":") as ["path" | "query" | "header", string];
      if (place === "query") values.query[name] = value;
      else values[place][name] = String(value);
    }
    // An empty path segment would address another route, not this operation.
    for (const [name, value] of Object.entries(values.path)) if (value === "") values.path[name] = "x";
    return values;
  });
}

/** A per-operation seed: `--only` then replays the same cases for that operation. */
function seedFor(seed: number, operationId: string): number {
  let hash = 0x811c9dc5 ^ seed;
  for (const char of operationId) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  return hash | 0;
}
