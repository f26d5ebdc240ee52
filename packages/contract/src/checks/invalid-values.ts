// Values that break a schema on purpose, one rule at a time: the wrong type,
// out of range, too long, outside the pattern or the enum, duplicates.
import type { Schema } from "../spec.js";

/** A value that breaks `schema`, and which rule it breaks. */
export interface InvalidValue {
  rule: string;
  value: unknown;
}

/**
 * Values a parameter with `schema` must refuse. `inPath` avoids values a
 * router would read as another path (empty, or with a slash).
 */
export function invalidParameterValues(schema: Schema, inPath: boolean): InvalidValue[] {
  const out: InvalidValue[] = [];
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== "null") : schema.type;
  if (type === "integer" || type === "number") {
    out.push({ rule: "wrong type", value: "not-a-number" });
    if (typeof schema.maximum === "number") out.push({ rule: "above maximum", value: schema.maximum + 1 });
    if (typeof schema.minimum === "number") out.push({ rule: "below minimum", value: schema.minimum - 1 });
  } else if (type === "boolean") {
    out.push({ rule: "wrong type", value: "maybe" });
  } else if (type === "string") {
    if (Array.isArray(schema.enum)) out.push({ rule: "not in enum", value: "not-in-enum" });
    if (typeof schema.pattern === "string") {
      const pattern = new RegExp(schema.pattern, "u");
      const breaking = ["bad value!", "~~", "Ä"].find((candidate) => !pattern.test(candidate));
      if (breaking) out.push({ rule: "pattern", value: breaking });
    }
    if (typeof schema.maxLength === "number") out.push({ rule: "too long", value: "a".repeat(schema.maxLength + 1) });
    if (typeof schema.minLength === "number" && schema.minLength > 0 && !inPath) out.push({ rule: "too short", value: "" });
  } else if (type === "array") {
    const first = schema.items?.enum?.[0];
    if (schema.items?.enum) out.push({ rule: "item not in enum", value: ["not-in-enum"] });
    if (schema.uniqueItems && first !== undefined) out.push({ rule: "duplicate items", value: [first, first] });
  }
  return out;
}

/**
 * Bodies a request with `schema` (an object schema, `$ref`s already
 * followed by `resolve`) must refuse, made from a valid `base` body.
 */
export function invalidBodies(schema: Schema, base: unknown, resolve: (schema: Schema) => Schema): InvalidValue[] {
  const out: InvalidValue[] = [{ rule: "not JSON", value: Symbol.for("malformed") }];
  if (schema.type !== "object" || !base || typeof base !== "object" || Array.isArray(base)) return out;
  const record = base as Record<string, unknown>;
  out.push({ rule: "wrong type (array instead of object)", value: [record] });
  const required: string[] = schema.required ?? [];
  if (required[0]) {
    const { [required[0]]: _dropped, ...rest } = record;
    out.push({ rule: `missing required "${required[0]}"`, value: rest });
  } else if (typeof schema.minProperties === "number" && schema.minProperties > 0) {
    out.push({ rule: "fewer properties than minProperties", value: {} });
  }
  if (schema.additionalProperties === false) out.push({ rule: "extra property", value: { ...record, unexpectedProperty: true } });
  const [name, value] = Object.entries(record)[0] ?? [];
  if (name !== undefined) out.push({ rule: `wrong type of "${name}"`, value: { ...record, [name]: wrongType(value) } });
  const ranged = Object.entries<Schema>(schema.properties ?? {})
    .map(([key, property]) => [key, resolve(property)] as const)
    .find(([key, property]) => key in record && (typeof property.minItems === "number" || typeof property.maximum === "number"));
  if (ranged) {
    const [key, property] = ranged;
    const broken = typeof property.minItems === "number" && property.minItems > 0 ? [] : Number(property.maximum) + 1;
    out.push({ rule: `"${key}" out of range`, value: { ...record, [key]: broken } });
  }
  return out;
}

function wrongType(value: unknown): unknown {
  if (typeof value === "string") return 12345;
  return "wrong-type";
}
