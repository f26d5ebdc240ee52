import type { IncomingHttpHeaders } from "node:http";
import { Ajv, type ValidateFunction } from "ajv";
import { LRUCache } from "lru-cache";
import addFormatsModule from "ajv-formats";

// ajv-formats is CommonJS with a default export.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** An operation's parameters, parsed and checked: path parameters by name, then query parameters by name. */
export interface CheckedParameters {
  readonly path: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, unknown>>;
}

/**
 * Checks one request target against one operation's parameters; undefined
 * means "not certainly valid": the request then takes the full pipeline,
 * whose validator answers with the precise problem.
 */
export type ParameterCheck = (url: string, headers: IncomingHttpHeaders) => CheckedParameters | undefined;

interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  style?: string;
  explode?: boolean;
  schema?: Record<string, unknown>;
}

/** Replaces local `$ref`s (`#/components/…`) with what they point at. */
function dereference(spec: Record<string, unknown>, node: unknown, depth = 0): unknown {
  if (depth > 32 || typeof node !== "object" || node === null) return node;
  if (Array.isArray(node)) return node.map((item) => dereference(spec, item, depth + 1));
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref === "string" && ref.startsWith("#/")) {
    const target = ref
      .slice(2)
      .split("/")
      .reduce<unknown>((at, part) => (at as Record<string, unknown> | undefined)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")], spec);
    return dereference(spec, target, depth + 1);
  }
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, dereference(spec, value, depth + 1)]));
}

/** A query or header value as the contract's schema sees it (form style, `explode: false` arrays are comma-separated). */
function coerce(raw: string, parameter: Parameter): unknown {
  const type = parameter.schema?.type;
  if (type === "array") return parameter.explode === false ? raw.split(",") : undefined;
  if (type === "boolean") return raw === "true" ? true : raw === "false" ? false : undefined;
  if (type === "integer" || type === "number") return raw.trim() === "" ? undefined : Number(raw);
  return raw;
}

/**
 * Compiles a check of the parameters the contract declares for `method` on
 * `template` (e.g. `/api/v1/intro-page/{userId}`): each parameter's schema
 * from `openapi.yaml`, compiled once with ajv; undeclared query parameters,
 * repeated ones and percent-encoded values are left to the full validator.
 * It replaces, on hot routes, express-openapi-validator's per-request route
 * lookup; the validator stays for everything else and for every refusal.
 */
export function compileParameterCheck(spec: Record<string, unknown>, template: string, method: string): ParameterCheck {
  const operation = dereference(spec, (spec.paths as Record<string, Record<string, unknown>>)[template]?.[method]) as { parameters?: Parameter[] } | undefined;
  if (!operation) throw new Error(`The contract has no ${method.toUpperCase()} ${template}.`);
  const ajv = new Ajv({ strict: false, allErrors: false });
  addFormats(ajv);
  const compiled = (operation.parameters ?? []).map((parameter) => ({ parameter, validate: ajv.compile(parameter.schema ?? {}) as ValidateFunction }));
  const pathParameters = compiled.filter(({ parameter }) => parameter.in === "path");
  const queryParameters = new Map(compiled.filter(({ parameter }) => parameter.in === "query").map((entry) => [entry.parameter.name, entry]));
  const headerParameters = compiled.filter(({ parameter }) => parameter.in === "header");
  // The template as a matcher: literal text, each `{name}` one path segment.
  const segments = template.split(/(\{[^}]+\})/).filter(Boolean);
  const matcher = new RegExp(`^${segments.map((part) => (part.startsWith("{") ? "([^/?#]+)" : part.replace(/[.*+?^$()|[\]\\]/g, "\\$&"))).join("")}$`);
  const pathNames = segments.filter((part) => part.startsWith("{")).map((part) => part.slice(1, -1));

  const checkTarget = (url: string): CheckedParameters | undefined => {
    const mark = url.indexOf("?");
    const match = matcher.exec(mark < 0 ? url : url.slice(0, mark));
    if (!match) return undefined;
    const path: Record<string, string> = {};
    for (let i = 0; i < pathNames.length; i++) {
      const value = match[i + 1]!;
      if (value.includes("%")) return undefined;
      path[pathNames[i]!] = value;
    }
    for (const { parameter, validate } of pathParameters) if (!validate(path[parameter.name])) return undefined;

    const query: Record<string, unknown> = {};
    if (mark >= 0 && mark < url.length - 1) {
      for (const pair of url.slice(mark + 1).split("&")) {
        const equals = pair.indexOf("=");
        const name = equals < 0 ? pair : pair.slice(0, equals);
        const raw = equals < 0 ? "" : pair.slice(equals + 1);
        const entry = queryParameters.get(name);
        if (!entry || name in query || /[%+]/.test(raw)) return undefined;
        const value = coerce(raw, entry.parameter);
        if (value === undefined || !entry.validate(value)) return undefined;
        query[name] = value;
      }
    }
    for (const [name, { parameter }] of queryParameters) if (parameter.required && !(name in query)) return undefined;
    return { path, query };
  };

  // A widget polls the same request target over and over: a target that passed is remembered (bounded in count
  // and bytes, so odd URLs cannot fill memory), headers are checked each time. Failures are not remembered: they
  // go to the full pipeline anyway.
  const passed = new LRUCache<string, CheckedParameters>({ max: 10_000, maxSize: 4 * 2 ** 20, sizeCalculation: (_checked, url) => url.length + 64 });
  return (url, headers) => {
    let checked = passed.get(url);
    if (!checked) {
      checked = checkTarget(url);
      if (!checked) return undefined;
      passed.set(url, checked);
    }
    for (const { parameter, validate } of headerParameters) {
      const value = headers[parameter.name.toLowerCase()];
      if (value === undefined ? parameter.required : typeof value !== "string" || !validate(coerce(value, parameter))) return undefined;
    }
    return checked;
  };
}
