// JSON Schema (OpenAPI 3.1) → fast-check arbitraries: values a schema
// accepts, generated reproducibly from a seed. Sizes are capped so fuzzed
// requests stay small.
import fc from "fast-check";
import { deref } from "./spec.js";
import type { Schema } from "./spec.js";

/** Lets a caller replace the arbitrary of a named property (e.g. steer `userId` toward a real user). */
export type PropertyOverride = (name: string, schema: Schema, standard: fc.Arbitrary<unknown>) => fc.Arbitrary<unknown> | undefined;

const maxArrayLength = 4;
const maxStringLength = 40;

/** An arbitrary of values `schema` accepts; `$ref`s resolve against `document`. */
export function arbitraryFor(document: Record<string, any>, raw: Schema, override?: PropertyOverride, depth = 0): fc.Arbitrary<unknown> {
  const schema = deref<Schema>(document, raw) ?? {};
  if (depth > 8) return fc.constant(null);
  const next = (sub: Schema) => arbitraryFor(document, sub, override, depth + 1);
  if ("const" in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  if (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)) return fc.oneof(...(schema.oneOf ?? schema.anyOf).map(next));
  if (Array.isArray(schema.allOf)) {
    const merged = schema.allOf.map((part: Schema) => deref<Schema>(document, part)).reduce((all: Schema, part: Schema) => ({
      ...all,
      ...part,
      properties: { ...all.properties, ...part.properties },
      required: [...(all.required ?? []), ...(part.required ?? [])],
    }));
    return next(merged);
  }
  if (Array.isArray(schema.type)) return fc.oneof(...schema.type.map((type: string) => next({ ...schema, type })));
  switch (schema.type) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "integer":
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
    case "number":
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case "string":
      return stringArbitrary(schema);
    case "array": {
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.max(minLength, Math.min(schema.maxItems ?? maxArrayLength, maxArrayLength));
      const items = next(schema.items ?? {});
      return schema.uniqueItems
        ? fc.uniqueArray(items, { minLength, maxLength, selector: (value) => JSON.stringify(value) })
        : fc.array(items, { minLength, maxLength });
    }
    case "object":
    case undefined: {
      if (!schema.properties) return schema.type === "object" ? fc.constant({}) : fc.jsonValue();
      const entries = Object.entries<Schema>(schema.properties).map(([name, property]) => {
        const standard = next(property);
        return [name, override?.(name, deref(document, property), standard) ?? standard] as const;
      });
      const record = fc.record(Object.fromEntries(entries), { requiredKeys: schema.required ?? [] });
      const minProperties = schema.minProperties ?? 0;
      return minProperties > 0 ? record.filter((value) => Object.keys(value).length >= minProperties) : record;
    }
    default:
      return fc.constant(null);
  }
}

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? maxStringLength, maxStringLength));
  if (schema.format === "date-time") {
    return fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true }).map((date) => date.toISOString());
  }
  if (schema.format === "uri" || schema.format === "uri-reference") return fc.webUrl().filter((url) => url.length <= (schema.maxLength ?? 2048));
  if (typeof schema.pattern === "string") {
    const lengthOk = (value: string) => value.length >= minLength && value.length <= (schema.maxLength ?? Infinity);
    // Filtered, not truncated: cutting a matching string can break the pattern (a locale ending in "-R").
    return fc.stringMatching(new RegExp(schema.pattern)).filter(lengthOk);
  }
  return fc.string({ minLength, maxLength });
}
