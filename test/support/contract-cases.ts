// Requests that break openapi.yaml in exactly one place, generated from the
// contract itself (never hand-listed), so the server's and the mock's suites
// refuse the same things: a JSON body with one field's type changed, and a
// parameter (path, query, header) that breaks one of its constraints.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsPlugin from "ajv-formats";
import { parse } from "yaml";

type Schema = Record<string, any>;

/** The contract as a plain object (the real file at the repository root). */
export const contract: Schema = parse(readFileSync(resolve(import.meta.dirname, "../../openapi.yaml"), "utf8"));

const ajv = new Ajv2020({ strict: false, allErrors: true });
// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext.
((addFormatsPlugin as unknown as { default?: (a: Ajv2020) => void }).default ?? (addFormatsPlugin as unknown as (a: Ajv2020) => void))(ajv);
ajv.addSchema({ ...contract, $id: "contract" });
const compiled = new Map<string, ReturnType<typeof ajv.compile>>();

/** Points an inline schema's local `$ref`s at the contract registered with ajv. */
const anchored = (node: unknown): unknown =>
  Array.isArray(node)
    ? node.map(anchored)
    : typeof node === "object" && node !== null
      ? Object.fromEntries(Object.entries(node).map(([key, value]) => [key, key === "$ref" ? `contract${String(value)}` : anchored(value)]))
      : node;

/** True when `value` is valid against `schema` (a node of the contract, `$ref`s resolved against it). */
export function isValid(schema: Schema, value: unknown): boolean {
  const key = JSON.stringify(schema);
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(anchored(schema) as Schema);
    compiled.set(key, validate);
  }
  return validate(value) as boolean;
}

/** Follows local `$ref`s (`#/components/...`). */
export function deref(node: any): any {
  if (!node?.$ref) return node;
  return deref(String(node.$ref).slice(2).split("/").reduce((at: any, key: string) => at[key.replace(/~1/g, "/").replace(/~0/g, "~")], contract));
}

/** One operation of the contract. */
export interface ContractOperation {
  operationId: string;
  method: string;
  path: string;
  op: Schema;
}

/** Every operation in openapi.yaml. */
export const contractOperations: ContractOperation[] = Object.entries<Schema>(contract.paths).flatMap(([path, item]) =>
  ["get", "post", "put", "patch", "delete"].filter((method) => item[method]).map((method) => ({ operationId: item[method].operationId, method, path, op: item[method] })),
);

// ---------------------------------------------------------------- bodies

/** An operation that takes a JSON body, with a valid body that uses every field its schema has. */
export interface BodyOperation extends ContractOperation {
  mediaType: string;
  schema: Schema;
  /** Valid against `schema`: the operation's examples merged, every field they leave out filled in from its schema. */
  validBody: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function mergeExamples(a: unknown, b: unknown): unknown {
  if (!isObject(a) || !isObject(b)) return a ?? b;
  const merged: Record<string, unknown> = { ...b, ...a };
  for (const key of Object.keys(a)) if (key in b) merged[key] = mergeExamples(a[key], b[key]);
  return merged;
}

/** A value for a schema no example covers: from const, enum, examples or format; enough for the contract's own fields. */
function sampleFor(node: Schema): unknown {
  const schema = deref(node);
  if ("const" in schema) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.examples?.length) return schema.examples[0];
  if ("example" in schema) return schema.example;
  const branches = schema.oneOf ?? schema.anyOf;
  if (branches) return sampleFor(branches.find((branch: Schema) => deref(branch).type !== "null") ?? branches[0]);
  if (schema.type === "object") return Object.fromEntries(Object.entries<Schema>(schema.properties ?? {}).map(([key, sub]) => [key, sampleFor(sub)]));
  if (schema.type === "array") return [sampleFor(schema.items ?? {})];
  if (schema.type === "boolean") return true;
  if (schema.type === "integer" || schema.type === "number") return schema.minimum ?? 1;
  if (schema.format === "date-time") return "2026-11-25T09:50:00.000Z";
  if (schema.format === "uri" || schema.format === "uri-reference") return "https://example.com/contract-case";
  return "x";
}

/** Adds every property `schema` has that `value` lacks, recursively through objects, arrays and `oneOf` branches. */
function fillMissing(node: Schema, value: unknown): unknown {
  const schema = deref(node);
  const branches: Schema[] | undefined = schema.oneOf ?? schema.anyOf;
  if (branches) {
    const branch = branches.find((candidate) => isValid(candidate, value));
    return branch ? fillMissing(branch, value) : value;
  }
  if (Array.isArray(value) && schema.items) return value.map((item) => fillMissing(schema.items, item));
  if (!isObject(value) || !schema.properties) return value;
  const filled: Record<string, unknown> = { ...value };
  for (const [key, sub] of Object.entries<Schema>(schema.properties)) filled[key] = key in value ? fillMissing(sub, value[key]) : sampleFor(sub);
  return filled;
}

/** Every operation with a JSON request body, each with a valid body that exercises every field. */
export function bodyOperations(): BodyOperation[] {
  return contractOperations.flatMap((operation) => {
    const body = deref(operation.op.requestBody);
    if (!body?.content) return [];
    const mediaType = Object.keys(body.content).find((type) => type === "application/json") ?? Object.keys(body.content)[0]!;
    const media = body.content[mediaType];
    const examples = Object.values(body.content as Record<string, Schema>).flatMap((m) => Object.values<Schema>(m.examples ?? {}).map((e) => deref(e).value));
    const merged = examples.reduce((all, example) => mergeExamples(all, example), undefined);
    return [{ ...operation, mediaType, schema: media.schema, validBody: fillMissing(media.schema, merged ?? sampleFor(media.schema)) }];
  });
}

/** A JSON type as JSON Schema names it (`integer` counts as `number` here: a string for an integer is the mistake we test). */
type JsonType = "string" | "number" | "boolean" | "null" | "array" | "object";

const jsonTypeOf = (value: unknown): JsonType =>
  value === null ? "null" : Array.isArray(value) ? "array" : typeof value === "object" ? "object" : (typeof value as "string" | "number" | "boolean");

/** The JSON types a schema admits (all six when it does not say). */
function allowedTypes(node: Schema): Set<JsonType> {
  const schema = deref(node);
  const branches: Schema[] | undefined = schema.oneOf ?? schema.anyOf;
  if (branches) return new Set(branches.flatMap((branch) => [...allowedTypes(branch)]));
  if ("const" in schema) return new Set([jsonTypeOf(schema.const)]);
  if (schema.enum) return new Set(schema.enum.map(jsonTypeOf));
  if (schema.type === undefined) return new Set(["string", "number", "boolean", "null", "array", "object"]);
  return new Set([schema.type].flat().map((type: string) => (type === "integer" ? "number" : type) as JsonType));
}

/** A value of `type` that a lenient (coercing) validator would turn back into `original`, when there is one. */
function valueOfType(type: JsonType, original: unknown): unknown {
  switch (type) {
    case "string":
      return typeof original === "number" || typeof original === "boolean" ? String(original) : "x";
    case "number":
      return typeof original === "string" && original !== "" && !Number.isNaN(Number(original)) ? Number(original) : 42;
    case "boolean":
      return original === "true" || original === "false" ? original === "true" : true;
    case "null":
      return null;
    case "array":
      return [original];
    case "object":
      return {};
  }
}

/** One body with exactly one field of the wrong JSON type. */
export interface WrongTypeCase {
  /** JSON pointer of the changed field inside the body (`""` for the body itself). */
  pointer: string;
  /** The JSON type the field now has. */
  sentType: JsonType;
  body: unknown;
}

const escapeSegment = (key: string) => key.replace(/~/g, "~0").replace(/\//g, "~1");

function replaceAt(root: unknown, segments: string[], value: unknown): unknown {
  if (segments.length === 0) return value;
  const [head, ...rest] = segments as [string, ...string[]];
  if (Array.isArray(root)) return root.map((item, index) => (String(index) === head ? replaceAt(item, rest, value) : item));
  const object = root as Record<string, unknown>;
  return { ...object, [head]: replaceAt(object[head], rest, value) };
}

/**
 * For every field of `validBody` (nested objects, array items and `oneOf`
 * branches included), one body per JSON type the field's schema does not
 * admit, with only that field changed.
 */
export function wrongTypeCases(schema: Schema, validBody: unknown): WrongTypeCase[] {
  const cases: WrongTypeCase[] = [];
  const visit = (node: Schema, value: unknown, segments: string[]) => {
    const allowed = allowedTypes(node);
    for (const type of ["string", "number", "boolean", "null", "array", "object"] as const) {
      if (allowed.has(type)) continue;
      cases.push({ pointer: segments.map((s) => `/${escapeSegment(s)}`).join(""), sentType: type, body: replaceAt(validBody, segments, valueOfType(type, value)) });
    }
    let resolved = deref(node);
    const branches: Schema[] | undefined = resolved.oneOf ?? resolved.anyOf;
    if (branches) resolved = deref(branches.find((branch) => isValid(branch, value)) ?? {});
    if (Array.isArray(value) && resolved.items) value.forEach((item, index) => visit(resolved.items, item, [...segments, String(index)]));
    if (isObject(value) && resolved.properties) {
      for (const [key, sub] of Object.entries<Schema>(resolved.properties)) if (key in value) visit(sub, value[key], [...segments, key]);
    }
  };
  visit(schema, validBody, []);
  return cases;
}

// ----------------------------------------------------------- parameters

/** A request to one operation that breaks one parameter constraint (or names a parameter the operation lacks). */
export interface ParameterCase {
  operationId: string;
  method: string;
  /** Path with the parameters filled in, plus the query string. */
  url: string;
  headers: Record<string, string>;
  /** The pointer the 400's `errors[]` must name (or a pointer inside it), e.g. `/header/if-none-match`. */
  pointer: string;
  /** What is wrong, for the test name. */
  breaks: string;
  /** A valid body when the operation requires one, so the parameter is the only thing wrong. */
  body?: { mediaType: string; value: unknown };
}

interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  schema: Schema;
  example?: unknown;
}

const parametersOf = (operation: ContractOperation): Parameter[] => (operation.op.parameters ?? []).map(deref);

/** One value per constraint of `schema` that breaks it (as the string a client would send). */
function violations(node: Schema, location: Parameter["in"]): { value: string; breaks: string }[] {
  const schema = deref(node);
  const found: { value: string; breaks: string }[] = [];
  if (schema.type === "array") {
    const items = deref(schema.items ?? {});
    const valid = String(items.enum?.[0] ?? "x");
    if (items.enum) found.push({ value: "not-a-value", breaks: "an item outside the enum" });
    if (schema.uniqueItems) found.push({ value: `${valid},${valid}`, breaks: "uniqueItems" });
    if (schema.maxItems !== undefined) found.push({ value: Array.from({ length: schema.maxItems + 1 }, (_, i) => String(items.enum?.[i % items.enum.length] ?? valid)).join(","), breaks: `maxItems ${schema.maxItems}` });
    return found;
  }
  if (schema.type === "integer") found.push({ value: "abc", breaks: "type integer" }, { value: "2.5", breaks: "type integer (a fraction)" });
  if (schema.type === "boolean") found.push({ value: "maybe", breaks: "type boolean" });
  if (schema.minimum !== undefined) found.push({ value: String(schema.minimum - 1), breaks: `minimum ${schema.minimum}` });
  if (schema.maximum !== undefined) found.push({ value: String(schema.maximum + 1), breaks: `maximum ${schema.maximum}` });
  if (schema.enum) found.push({ value: "not-a-value", breaks: "enum" });
  if (schema.maxLength !== undefined) found.push({ value: "a".repeat(schema.maxLength + 1), breaks: `maxLength ${schema.maxLength}` });
  // An empty path segment would change the route, and an empty header is no header at all.
  if (schema.minLength !== undefined && location === "query") found.push({ value: "", breaks: `minLength ${schema.minLength}` });
  if (schema.pattern) {
    const value = ["has space", "!", "é", "-"].find((candidate) => !new RegExp(schema.pattern, "u").test(candidate));
    if (value !== undefined) found.push({ value, breaks: `pattern ${schema.pattern}` });
  }
  return found;
}

/** A valid value for each path parameter of an operation (its example), so the route still matches. */
/** The operation's path with every parameter set to its contract example (or `override`). */
export function validPath(operation: ContractOperation, override?: { name: string; value: string }): string {
  return operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (override?.name === name) return encodeURIComponent(override.value);
    const parameter = parametersOf(operation).find((p) => p.name === name);
    return encodeURIComponent(String(parameter?.example ?? deref(parameter?.schema ?? {}).example ?? "demo"));
  });
}

/** Each body operation's valid body, by operationId. */
const validBodies = () => new Map(bodyOperations().map((operation) => [operation.operationId, { mediaType: operation.mediaType, value: operation.validBody }]));

/** The operations that declare parameters, each with a request that honours all of them (its examples). */
export function parameterOperations(): { operation: ContractOperation; url: string; body?: { mediaType: string; value: unknown } }[] {
  const bodies = validBodies();
  return contractOperations
    .filter((operation) => parametersOf(operation).length > 0)
    .map((operation) => {
      const body = bodies.get(operation.operationId);
      return { operation, url: validPath(operation), ...(body ? { body } : {}) };
    });
}

/** True when `pointers` (from a problem's `errors[]`) name `pointer` or something inside it. */
export const namesPointer = (pointers: string[], pointer: string) => pointers.some((p) => p === pointer || p.startsWith(`${pointer}/`));

/**
 * For every parameter of every operation, one request per constraint it
 * breaks; plus, on operations that declare query parameters, one with a
 * query parameter the operation does not have.
 */
export function parameterCases(): ParameterCase[] {
  const bodies = validBodies();
  return contractOperations.flatMap((operation) => {
    const parameters = parametersOf(operation);
    const body = bodies.get(operation.operationId);
    const cases: ParameterCase[] = parameters.flatMap((parameter) =>
      violations(parameter.schema, parameter.in).flatMap(({ value, breaks }): ParameterCase[] => {
        const base = { operationId: operation.operationId, method: operation.method.toUpperCase(), breaks: `${parameter.in} ${parameter.name} breaks ${breaks}`, ...(body ? { body } : {}) };
        if (parameter.in === "path") return [{ ...base, url: validPath(operation, { name: parameter.name, value }), headers: {}, pointer: `/path/${parameter.name}` }];
        if (parameter.in === "query") return [{ ...base, url: `${validPath(operation)}?${parameter.name}=${encodeURIComponent(value)}`, headers: {}, pointer: `/query/${parameter.name}` }];
        if (parameter.in === "header") return [{ ...base, url: validPath(operation), headers: { [parameter.name.toLowerCase()]: value }, pointer: `/header/${parameter.name.toLowerCase()}` }];
        return [];
      }),
    );
    if (parameters.some((parameter) => parameter.in === "query")) {
      cases.push({ operationId: operation.operationId, method: operation.method.toUpperCase(), url: `${validPath(operation)}?notAParameter=1`, headers: {}, pointer: "/query/notAParameter", breaks: "an unknown query parameter" });
    }
    return cases;
  });
}
