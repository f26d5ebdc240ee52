// Request bodies are validated against the contract's own schemas, so the
// mock rejects exactly what the reference server rejects.
import { Ajv2020 } from "ajv/dist/2020.js";
import type { ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import addFormatsPlugin from "ajv-formats";
import { openapiDocument } from "../generated/openapi-document.js";
import type { ValidationIssue } from "../schema.js";

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = ((addFormatsPlugin as unknown as { default?: typeof addFormatsPlugin }).default ?? addFormatsPlugin) as unknown as (ajv: Ajv2020) => void;

let ajv: Ajv2020 | undefined;
const validators = new Map<string, ValidateFunction>();

/** Compiles (once) a validator for `#/components/schemas/<name>`. */
function validatorFor(schemaName: string): ValidateFunction {
  let validate = validators.get(schemaName);
  if (!validate) {
    if (!ajv) {
      // `discriminator` stays off: ajv does not support its `mapping`, and `oneOf` alone decides the same.
      ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats(ajv);
      ajv.addSchema({ ...openapiDocument, $id: "intro-page-spec" });
    }
    validate = ajv.compile({ $ref: `intro-page-spec#/components/schemas/${schemaName}` });
    validators.set(schemaName, validate);
  }
  return validate;
}

function toIssue(error: ErrorObject): ValidationIssue {
  const extra = error.keyword === "additionalProperties" ? `/${String(error.params.additionalProperty)}` : "";
  const missing = error.keyword === "required" ? `/${String(error.params.missingProperty)}` : "";
  return { pointer: `/body${error.instancePath}${extra}${missing}`, detail: error.message ?? "is invalid" };
}

let compileUnavailable = false;

/**
 * Validates a parsed body against a component schema; returns one issue per problem (none when valid).
 * Where ajv cannot compile (a page whose CSP forbids `unsafe-eval`), bodies pass unvalidated after one warning.
 */
export function validateBody(schemaName: "PreferencesPatch" | "EventBatch" | "CacheInvalidation" | "CacheWarmRequest", body: unknown): ValidationIssue[] {
  if (compileUnavailable) return [];
  let validate: ValidateFunction;
  try {
    validate = validatorFor(schemaName);
  } catch (error) {
    compileUnavailable = true;
    console.warn("[intro-page mock] request bodies are not validated: ajv cannot compile here (a CSP without 'unsafe-eval'?).", error);
    return [];
  }
  if (validate(body)) return [];
  // `oneOf` reports every branch; keep the first issue per pointer so the list stays readable.
  const seen = new Set<string>();
  return (validate.errors ?? []).map(toIssue).filter((issue) => !seen.has(issue.pointer) && seen.add(issue.pointer));
}
