// Negative checks derived from the spec: missing and bad tokens, other users,
// the wrong role, broken parameters and bodies, unknown ids, the wrong media
// type, an oversized body and an undocumented method.
import type { RunContext } from "../context.js";
import type { Caller, OutgoingRequest, RequestValues } from "../http-client.js";
import { callersFor, exampleBody, hasUserPath, jsonMediaType, requestFrom, validValues } from "../requests.js";
import { deref, documentedMethods } from "../spec.js";
import type { Operation } from "../spec.js";
import { expectResponse, problemDetail, problemViolation } from "./expect.js";
import { invalidBodies, invalidParameterValues } from "./invalid-values.js";

/** The caller a check acts as: the one the positive call succeeded as, else the first that has a token. */
function callerOf(ctx: RunContext, operation: Operation): Caller | undefined {
  return ctx.workingCallers.get(operation.operationId) ?? callersFor(operation).find((caller) => ctx.client.has(caller));
}

/** Valid-looking values with ids the run cannot know filled by a fresh unknown id (auth comes before lookup). */
function placeholderValues(ctx: RunContext, operation: Operation): RequestValues {
  const unknown = Object.fromEntries(operation.parameters.filter((p) => p.in === "path" && p.name !== "userId").map((p) => [p.name, `missing-${ctx.fresh()}`]));
  return validValues(ctx, operation, unknown) ?? { path: unknown, query: {}, header: {} };
}

/** The statuses that mean "your input is invalid" for this operation. */
function badInputStatuses(operation: Operation): number[] {
  const documented = [400, 422].filter((status) => operation.responses[String(status)]);
  return documented.length > 0 ? documented : Object.keys(operation.responses).map(Number).filter((s) => s >= 400 && s < 500);
}

/** No token and a malformed one: 401 with the documented challenge. */
export async function checkAuth(ctx: RunContext, operation: Operation): Promise<void> {
  if (!operation.secured) return;
  const recorder = ctx.record(operation.operationId, "auth");
  await recorder.guard(async () => {
    for (const [caller, label] of [["anonymous", "no token"], ["malformed", "malformed token"]] as const) {
      const exchange = await ctx.send(operation, requestFrom(operation, caller, placeholderValues(ctx, operation), jsonMediaType(operation)));
      expectResponse(ctx, recorder, operation, exchange, [401], label);
    }
  });
}

/** The user's token on another user's page: 403. */
export async function checkOwner(ctx: RunContext, operation: Operation): Promise<void> {
  if (!operation.secured || !hasUserPath(operation) || !operation.responses["403"]) return;
  const recorder = ctx.record(operation.operationId, "owner");
  if (!ctx.client.has("user")) return recorder.skip("needs --token");
  await recorder.guard(async () => {
    const values = placeholderValues(ctx, operation);
    values.path.userId = ctx.settings.otherUserId;
    const exchange = await ctx.send(operation, requestFrom(operation, "user", values, jsonMediaType(operation)));
    expectResponse(ctx, recorder, operation, exchange, [403], `another user's id (${ctx.settings.otherUserId})`);
  });
}

/** A plain user on an operation kept for other roles: 403. */
export async function checkRole(ctx: RunContext, operation: Operation): Promise<void> {
  if (!operation.secured || hasUserPath(operation) || !operation.responses["403"]) return;
  const recorder = ctx.record(operation.operationId, "role");
  if (!ctx.client.has("user")) return recorder.skip("needs --token");
  await recorder.guard(async () => {
    const exchange = await ctx.send(operation, requestFrom(operation, "user", placeholderValues(ctx, operation), jsonMediaType(operation)));
    expectResponse(ctx, recorder, operation, exchange, [403], "the user role");
  });
}

/** Each parameter broken one rule at a time: a 4xx problem, never a 5xx. */
export async function checkParams(ctx: RunContext, operation: Operation): Promise<void> {
  const cases = operation.parameters.flatMap((parameter) =>
    invalidParameterValues(deref(ctx.contract.document, parameter.schema), parameter.in === "path").map((bad) => ({ parameter, bad })),
  );
  if (cases.length === 0) return;
  const recorder = ctx.record(operation.operationId, "params");
  const caller = callerOf(ctx, operation);
  if (!caller) return recorder.skip("needs a token for this operation");
  await recorder.guard(async () => {
    for (const { parameter, bad } of cases) {
      const values = placeholderValues(ctx, operation);
      values[parameter.in as "path" | "query" | "header"][parameter.name] = bad.value as string;
      const { as, statuses } = brokenUserIdCase(ctx, operation, parameter.in === "path" && parameter.name === "userId", caller);
      const exchange = await ctx.send(operation, requestFrom(operation, as, values, jsonMediaType(operation)));
      expectResponse(ctx, recorder, operation, exchange, statuses ?? badInputStatuses(operation), `${parameter.in} ${parameter.name} ${bad.rule}`);
    }
  });
}

/**
 * Who sends a broken `{userId}`, and what may come back. The user's token
 * speaks for one id, so an invalid one names someone else's page, and
 * authorization comes before validation: a read goes as the admin (who may
 * read any page) and must get the bad-input answer; a change, which only
 * the page's owner may make and no token can own an invalid id for, may
 * also get 403.
 */
function brokenUserIdCase(ctx: RunContext, operation: Operation, isUserId: boolean, caller: Caller): { as: Caller; statuses?: number[] } {
  if (!isUserId) return { as: caller };
  if (operation.method === "GET" && ctx.client.has("admin")) return { as: "admin" };
  return { as: caller, statuses: [...badInputStatuses(operation), 403] };
}

/** Bodies that break the schema: a 4xx problem, never a 5xx. */
export async function checkBody(ctx: RunContext, operation: Operation): Promise<void> {
  const mediaType = jsonMediaType(operation);
  if (!mediaType) return;
  const recorder = ctx.record(operation.operationId, "body");
  const caller = callerOf(ctx, operation);
  if (!caller) return recorder.skip("needs a token for this operation");
  const resolve = (schema: Record<string, any>) => deref(ctx.contract.document, schema);
  const schema = resolve(operation.requestBody!.content[mediaType]!.schema);
  await recorder.guard(async () => {
    for (const bad of invalidBodies(schema, exampleBody(ctx, operation), resolve)) {
      const values = placeholderValues(ctx, operation);
      const request = requestFrom(operation, caller, { ...values, body: undefined }, mediaType);
      request.headers = { ...request.headers, "content-type": mediaType };
      request.body = bad.value === Symbol.for("malformed") ? '{"broken": ' : JSON.stringify(bad.value);
      const exchange = await ctx.send(operation, request);
      expectResponse(ctx, recorder, operation, exchange, badInputStatuses(operation), `body ${bad.rule}`);
    }
  });
}

/** Ids that do not exist: 404. */
export async function checkNotFound(ctx: RunContext, operation: Operation): Promise<void> {
  if (!operation.responses["404"]) return;
  const missing = `missing-${ctx.fresh()}`;
  const pathIds = operation.parameters.filter((p) => p.in === "path" && p.name !== "userId");
  const bodyNamesUser = !hasUserPath(operation) && JSON.stringify(exampleBody(ctx, operation) ?? null).includes(`"${ctx.settings.userId}"`);
  // Only an admin may read another page, so only an admin can ask for a user that does not exist;
  // a write to one's own page has no unknown id to ask for.
  const kind = pathIds.length > 0 ? "item" : hasUserPath(operation) && operation.method === "GET" ? "user" : bodyNamesUser ? "body" : undefined;
  if (!kind) return;
  const recorder = ctx.record(operation.operationId, "not-found");
  let request: OutgoingRequest | undefined;
  const caller = callerOf(ctx, operation);
  // An item on the user's page is asked for as that user; any other id as whoever may call the operation.
  const itemCaller = hasUserPath(operation) ? (ctx.client.has("user") ? "user" : undefined) : caller;
  if (kind === "item" && itemCaller) {
    request = requestFrom(operation, itemCaller, placeholderValues(ctx, operation), jsonMediaType(operation));
  } else if (kind === "user" && ctx.client.has("admin")) {
    request = requestFrom(operation, "admin", { ...placeholderValues(ctx, operation), path: { userId: missing } });
  } else if (kind === "body" && caller) {
    const body = JSON.parse(JSON.stringify(exampleBody(ctx, operation)).replaceAll(`"${ctx.settings.userId}"`, `"${missing}"`));
    request = requestFrom(operation, caller, { path: {}, query: {}, header: {}, body }, jsonMediaType(operation));
  }
  if (!request) return recorder.skip(kind === "user" ? "needs --admin-token (only an admin may ask for another user)" : "needs a token for this operation");
  await recorder.guard(async () => {
    const exchange = await ctx.send(operation, request);
    expectResponse(ctx, recorder, operation, exchange, [404], "unknown id");
  });
}

/** A body in a media type the operation does not accept: 415. */
export async function checkMediaType(ctx: RunContext, operation: Operation): Promise<void> {
  if (!operation.requestBody || !operation.responses["415"]) return;
  const recorder = ctx.record(operation.operationId, "media-type");
  const caller = callerOf(ctx, operation);
  if (!caller) return recorder.skip("needs a token for this operation");
  await recorder.guard(async () => {
    const request = requestFrom(operation, caller, placeholderValuesWithBody(ctx, operation), "text/plain");
    const exchange = await ctx.send(operation, request);
    expectResponse(ctx, recorder, operation, exchange, [415], "Content-Type text/plain");
  });
}

/** A body above the server's limit: 413, before anything reads it. */
export async function checkBodySize(ctx: RunContext, operation: Operation): Promise<void> {
  const mediaType = jsonMediaType(operation);
  if (!mediaType || !operation.responses["413"]) return;
  const recorder = ctx.record(operation.operationId, "body-size");
  const caller = callerOf(ctx, operation);
  if (!caller) return recorder.skip("needs a token for this operation");
  const size = ctx.settings.oversizeBytes;
  await recorder.guard(async () => {
    const request = requestFrom(operation, caller, { ...placeholderValues(ctx, operation), body: undefined }, mediaType);
    request.headers = { ...request.headers, "content-type": mediaType };
    request.body = `{"padding":"${"x".repeat(size)}"}`;
    request.curlBody = `@<(printf '{"padding":"'; head -c ${size} /dev/zero | tr '\\0' x; printf '"}')`;
    const exchange = await ctx.send(operation, request);
    expectResponse(ctx, recorder, operation, exchange, [413], `a ${Math.round(size / 1024)} KiB body`);
  });
}

/** A method the path does not document: 405 with an `Allow` header naming the documented ones. */
export async function checkMethod(ctx: RunContext, operation: Operation): Promise<void> {
  const documented = documentedMethods(ctx.contract, operation.path);
  // One check per path, reported on its first operation.
  if (documented[0] !== operation.method) return;
  const method = ["DELETE", "PUT", "PATCH", "POST"].find((candidate) => !documented.includes(candidate));
  if (!method) return;
  const recorder = ctx.record(operation.operationId, "method");
  const caller = callerOf(ctx, operation);
  if (!caller) return recorder.skip("needs a token for this operation");
  await recorder.guard(async () => {
    const request = { ...requestFrom(operation, caller, placeholderValues(ctx, operation)), method, body: undefined };
    const exchange = await ctx.send(operation, request);
    const label = `${method} (undocumented)`;
    if (exchange.status !== 405) return recorder.fail(`${label}: expected 405, got ${exchange.status}${problemDetail(exchange)}`, request);
    const allow = (exchange.headers.get("allow") ?? "").split(",").map((m) => m.trim().toUpperCase());
    const absent = documented.filter((m) => !allow.includes(m));
    if (!exchange.headers.has("allow") || absent.length > 0) {
      return recorder.fail(`${label}: 405 Allow header ${exchange.headers.has("allow") ? `"${exchange.headers.get("allow")}" lacks ${absent.join(", ")}` : "is missing"}`, request);
    }
    const problem = problemViolation(ctx, exchange);
    if (problem) return recorder.fail(`${label}: 405 ${problem}`, request);
    recorder.pass();
  });
}

function placeholderValuesWithBody(ctx: RunContext, operation: Operation): RequestValues {
  return { ...placeholderValues(ctx, operation), body: exampleBody(ctx, operation) };
}
