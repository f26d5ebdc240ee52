// Requests are validated against the contract's own schemas and parameter
// definitions (the document the mock embeds), so the mock rejects exactly
// what the reference server rejects.
import { Ajv2020 } from "ajv/dist/2020.js";
import type { ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import addFormatsPlugin from "ajv-formats";
import { openapiDocument } from "../generated/openapi-document.js";
import type { ValidationIssue } from "../schema.js";
import type { OperationRule } from "../generated/contract.js";

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = ((addFormatsPlugin as unknown as { default?: typeof addFormatsPlugin }).default ?? addFormatsPlugin) as unknown as (ajv: Ajv2020) => void;

/**
 * Two validators over the same document, as the reference server has: bodies are JSON whose types are part of
 * the contract (never coerced), parameters arrive as strings and are coerced (`limit=20` is the integer 20).
 */
const ajvs: Partial<Record<"body" | "parameter", Ajv2020>> = {};
const validators = new Map<string, ValidateFunction>();
let compileUnavailable = false;

function ajvFor(kind: "body" | "parameter"): Ajv2020 {
  let ajv = ajvs[kind];
  if (!ajv) {
    // `discriminator` stays off: ajv does not support its `mapping`, and `oneOf` alone decides the same.
    ajv = new Ajv2020({ strict: false, allErrors: true, coerceTypes: kind === "parameter" });
    addFormats(ajv);
    ajv.addSchema({ ...openapiDocument, $id: "intro-page-spec" });
    ajvs[kind] = ajv;
  }
  return ajv;
}

/**
 * Compiles (once) a validator for a pointer into the contract, e.g. `#/components/schemas/EventBatch`.
 * Where ajv cannot compile (a page whose CSP forbids `unsafe-eval`), returns undefined after one warning
 * and requests pass unvalidated.
 */
function validatorFor(kind: "body" | "parameter", pointer: string): ValidateFunction | undefined {
  if (compileUnavailable) return undefined;
  const key = `${kind} ${pointer}`;
  let validate = validators.get(key);
  if (!validate) {
    try {
      validate = ajvFor(kind).compile({ $ref: `intro-page-spec${pointer}` });
    } catch (error) {
      compileUnavailable = true;
      console.warn("[intro-page mock] requests are not validated: ajv cannot compile here (a CSP without 'unsafe-eval'?).", error);
      return undefined;
    }
    validators.set(key, validate);
  }
  return validate;
}

/** ajv's errors as issues under `prefix` (`/body`, `/query/limit` …), the first per pointer (`oneOf` reports every branch). */
function toIssues(prefix: string, errors: ErrorObject[] | null | undefined): ValidationIssue[] {
  const seen = new Set<string>();
  return (errors ?? [])
    .map((error) => {
      const extra = error.keyword === "additionalProperties" ? `/${String(error.params.additionalProperty)}` : "";
      const missing = error.keyword === "required" ? `/${String(error.params.missingProperty)}` : "";
      return { pointer: `${prefix}${error.instancePath}${extra}${missing}`, detail: error.message ?? "is invalid" };
    })
    .filter((issue) => !seen.has(issue.pointer) && seen.add(issue.pointer));
}

/** Validates a parsed body against a component schema; returns one issue per problem (none when valid). */
export function validateBody(schemaName: "PreferencesPatch" | "EventBatch" | "CacheInvalidation" | "CacheWarmRequest" | "FeatureFlagPatch", body: unknown): ValidationIssue[] {
  const validate = validatorFor("body", `#/components/schemas/${schemaName}`);
  if (!validate || validate(body)) return [];
  return toIssues("/body", validate.errors);
}

interface ParameterObject {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  explode?: boolean;
  schema?: unknown;
}

/** Follows a local `$ref` in the embedded document; returns the node and the pointer it lives at. */
function resolve<T>(node: unknown, pointer: string): { node: T; pointer: string } {
  const ref = (node as { $ref?: string }).$ref;
  if (!ref) return { node: node as T, pointer };
  const target = ref.slice(2).split("/").reduce<unknown>((at, key) => (at as Record<string, unknown>)[key.replace(/~1/g, "/").replace(/~0/g, "~")], openapiDocument);
  return resolve(target, ref);
}

const escapePointer = (segment: string) => segment.replace(/~/g, "~0").replace(/\//g, "~1");

/** The raw string each parameter was sent as (absent ones are left out). */
function sentValue(parameter: ParameterObject, request: Request, url: URL, pathValues: Record<string, string>): string | undefined {
  if (parameter.in === "path") return pathValues[parameter.name];
  if (parameter.in === "query") return url.searchParams.get(parameter.name) ?? undefined;
  if (parameter.in === "header") return request.headers.get(parameter.name) ?? undefined;
  return undefined;
}

/** The values of `{param}` segments of `template` in `pathname`. */
function pathValuesOf(template: string, pathname: string): Record<string, string> {
  const names = [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
  const match = new RegExp(`^${template.replace(/\{\w+\}/g, "([^/]+)")}$`).exec(pathname);
  const values: Record<string, string> = {};
  names.forEach((name, index) => {
    const raw = match?.[index + 1];
    if (raw === undefined) return;
    try {
      values[name] = decodeURIComponent(raw);
    } catch {
      values[name] = raw;
    }
  });
  return values;
}

/**
 * Checks a request's path, query and header parameters against the operation's parameter definitions
 * in the contract, coercing from strings as the reference server does (form arrays split on commas);
 * a query parameter the operation does not declare is an issue too, as on the server. Operations whose
 * contract has no `400` (health, the spec itself, Prometheus) cannot refuse anything and are not checked.
 */
export function validateParameters(rule: Pick<OperationRule, "method" | "path">, request: Request): ValidationIssue[] {
  const operationPointer = `#/paths/${escapePointer(rule.path)}/${rule.method}`;
  const operation = (openapiDocument.paths as Record<string, Record<string, { parameters?: unknown[]; responses?: Record<string, unknown> }>>)[rule.path]?.[rule.method];
  if (!operation?.responses?.["400"]) return [];
  const url = new URL(request.url);
  const pathValues = pathValuesOf(rule.path, url.pathname);
  const issues: ValidationIssue[] = [];
  const declaredQuery = new Set<string>();
  (operation.parameters ?? []).forEach((raw, index) => {
    const { node: parameter, pointer } = resolve<ParameterObject>(raw, `${operationPointer}/parameters/${index}`);
    if (parameter.in === "query") declaredQuery.add(parameter.name);
    const where = `/${parameter.in}/${parameter.in === "header" ? parameter.name.toLowerCase() : parameter.name}`;
    const value = sentValue(parameter, request, url, pathValues);
    if (value === undefined) {
      if (parameter.required) issues.push({ pointer: where, detail: "is required" });
      return;
    }
    const validate = validatorFor("parameter", `${pointer}/schema`);
    // Query arrays use the default `form` style without explode: `sections=a,b`.
    const schema = resolve<{ type?: string }>(parameter.schema ?? {}, "").node;
    const typed = schema.type === "array" && parameter.explode !== true ? value.split(",") : value;
    if (validate && !validate(typed)) issues.push(...toIssues(where, validate.errors));
  });
  for (const name of new Set(url.searchParams.keys())) {
    if (!declaredQuery.has(name)) issues.push({ pointer: `/query/${name.slice(0, 64)}`, detail: "is not a parameter of this operation" });
  }
  return issues;
}
