// Builds valid requests for an operation from the contract: who may call it,
// its path and query values, and a body from the spec's own example.
import type { Caller, OutgoingRequest, RequestValues } from "./http-client.js";
import type { RunContext } from "./context.js";
import { expandPath } from "./spec.js";
import type { Operation, Parameter } from "./spec.js";

/**
 * The callers that may call `operation`, best first: nobody for public
 * operations, the user for their own page, admin then service for the
 * operations that refuse plain users (those documenting 403 with no user in
 * the path), else the user.
 */
export function callersFor(operation: Operation): Caller[] {
  if (!operation.secured) return ["anonymous"];
  if (hasUserPath(operation)) return ["user"];
  if (operation.responses["403"]) return ["admin", "service"];
  return ["user", "admin", "service"];
}

/** True when the operation's path names a user (`{userId}`). */
export function hasUserPath(operation: Operation): boolean {
  return operation.parameters.some((p) => p.in === "path" && p.name === "userId");
}

/** Serializes parameter values the way OpenAPI's default styles do (form, comma-joined arrays when `explode: false`). */
export function buildPath(operation: Operation, values: RequestValues): string {
  const path = expandPath(operation.path, values.path);
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(values.query)) {
    if (value === undefined) continue;
    const parameter = operation.parameters.find((p) => p.in === "query" && p.name === name);
    if (Array.isArray(value)) {
      if (parameter?.explode === false) query.append(name, value.join(","));
      else for (const item of value) query.append(name, String(item));
    } else query.append(name, String(value));
  }
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

/** Serializes a request from values: path, query, headers and a JSON body. */
export function requestFrom(operation: Operation, caller: Caller, values: RequestValues, mediaType = "application/json"): OutgoingRequest {
  const headers: Record<string, string> = { ...values.header };
  let body: string | undefined;
  if (values.body !== undefined) {
    body = JSON.stringify(values.body);
    headers["content-type"] = mediaType;
  }
  return { method: operation.method, path: buildPath(operation, values), caller, headers, body, values };
}

/** The JSON media type an operation's body documents (the first JSON one), if it has a body. */
export function jsonMediaType(operation: Operation): string | undefined {
  const content = operation.requestBody?.content ?? {};
  const json = Object.keys(content).filter((type) => type === "application/json" || type.endsWith("+json"));
  // The type the contract gives an example for is the one it means (a merge patch also accepted as plain JSON).
  return json.find((type) => content[type]?.example !== undefined) ?? json.find((type) => type === "application/json") ?? json[0];
}

/**
 * Values for a valid call: the run's user for `userId`, `extra` for the
 * rest (e.g. an item id found through a link), query parameters only when
 * required (their defaults apply), and the spec's example body. Undefined
 * when a required path parameter has no value.
 */
export function validValues(ctx: RunContext, operation: Operation, extra: Record<string, unknown> = {}): RequestValues | undefined {
  const values: RequestValues = { path: {}, query: {}, header: {} };
  for (const parameter of operation.parameters) {
    const value = extra[parameter.name] ?? defaultValue(ctx, parameter);
    if (value === undefined) {
      if (parameter.required) return undefined;
      continue;
    }
    if (parameter.in === "path") values.path[parameter.name] = String(value);
    else if (parameter.in === "query") values.query[parameter.name] = value;
    else if (parameter.in === "header") values.header[parameter.name] = String(value);
  }
  if (operation.requestBody) values.body = exampleBody(ctx, operation);
  return values;
}

function defaultValue(ctx: RunContext, parameter: Parameter): unknown {
  if (parameter.name === "userId") return ctx.settings.userId;
  if (parameter.required && parameter.example !== undefined) return parameter.example;
  return undefined;
}

/**
 * The spec's example body made the run's own: every `userId` becomes the
 * run's user (and `userIds` a list of just them), every other id gets a
 * suffix fresh to this run (events are new and never collide with an
 * earlier run's) and every `…At` timestamp becomes now.
 */
export function exampleBody(ctx: RunContext, operation: Operation): unknown {
  const mediaType = jsonMediaType(operation);
  const example = mediaType ? operation.requestBody?.content[mediaType]?.example : undefined;
  if (example === undefined) return undefined;
  const suffix = ctx.fresh();
  const rewrite = (value: unknown, key?: string): unknown => {
    if (Array.isArray(value)) return key === "userIds" ? [ctx.settings.userId] : value.map((item) => rewrite(item));
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v, k)]));
    if (key === "userId") return ctx.settings.userId;
    // Timestamps of the example are in the past; "now" keeps created activity on the first page (newest first).
    if (typeof value === "string" && key?.endsWith("At") && !Number.isNaN(Date.parse(value))) return new Date().toISOString();
    if (typeof value === "string" && key && (key === "id" || key.endsWith("Id"))) return `${value}_${suffix}`.slice(0, 64);
    return value;
  };
  return rewrite(example);
}
