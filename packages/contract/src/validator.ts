// Checks one HTTP response against what the contract documents for its
// operation: the status, the media type, every documented header and the body.
import { Ajv2020 } from "ajv/dist/2020.js";
import type { ValidateFunction } from "ajv";
import addFormatsPlugin from "ajv-formats";
import type { Exchange } from "./http-client.js";
import type { Contract, Operation, Schema } from "./spec.js";

/** Validates values against schemas of one contract; compiled validators are cached. */
export class SchemaValidator {
  // OpenAPI keywords (discriminator, example, xml …) are not JSON Schema: strict mode would refuse them.
  private readonly ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  private readonly compiled = new Map<string, ValidateFunction>();
  private static readonly documentId = "urn:intro-page:contract";

  constructor(readonly contract: Contract) {
    addFormatsPlugin.default(this.ajv);
    this.ajv.addSchema({ ...contract.document, $id: SchemaValidator.documentId });
  }

  /** Null when `value` matches `schema`, else the first reason it does not. */
  check(schema: Schema, value: unknown): string | null {
    const key = JSON.stringify(schema);
    let validate = this.compiled.get(key);
    if (!validate) {
      // Local refs resolve against the whole document, wherever the schema sits in it.
      validate = this.ajv.compile(withBase(schema, SchemaValidator.documentId));
      this.compiled.set(key, validate);
    }
    if (validate(value)) return null;
    const [error] = validate.errors ?? [];
    return error ? `${error.instancePath || "(root)"} ${error.message}${error.params && "additionalProperty" in error.params ? ` "${error.params.additionalProperty}"` : ""}` : "is invalid";
  }

  /** The `#/components/schemas/<name>` schema, when the document has it. */
  component(name: string): Schema | undefined {
    return this.contract.document.components?.schemas?.[name] ? { $ref: `#/components/schemas/${name}` } : undefined;
  }
}

/** Rewrites local `$ref`s so a schema compiled on its own still points into the document. */
function withBase(schema: Schema, documentId: string): Schema {
  return JSON.parse(JSON.stringify(schema), (key, value) =>
    key === "$ref" && typeof value === "string" && value.startsWith("#/") ? `${documentId}${value}` : value,
  );
}

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaType(contentType: string | null): string {
  return contentType?.split(";")[0]?.trim().toLowerCase() ?? "";
}

/** A header's value as the schema types it (integers for `Retry-After`, say). */
function typedHeader(schema: Schema | undefined, value: string): unknown {
  if (schema?.type === "integer" || schema?.type === "number") return Number(value);
  return value;
}

/**
 * Everything wrong with one response for `operation`, as readable strings;
 * empty when it honours the contract.
 */
export function contractViolations(validator: SchemaValidator, operation: Operation, exchange: Exchange): string[] {
  const status = String(exchange.status);
  const documented = operation.responses[status] ?? operation.responses[`${status[0]}XX`] ?? operation.responses.default;
  if (!documented) return [`status ${status} is not documented for ${operation.operationId} (documented: ${Object.keys(operation.responses).join(", ")})`];
  const problems: string[] = [];
  for (const [name, header] of Object.entries(documented.headers)) {
    const value = exchange.headers.get(name);
    if (value === null) {
      problems.push(`header ${name} is missing`);
      continue;
    }
    if (header.schema) {
      const reason = validator.check(header.schema, typedHeader(header.schema, value));
      if (reason) problems.push(`header ${name}: ${JSON.stringify(value)} ${reason.replace("(root) ", "")}`);
    }
  }
  const types = Object.keys(documented.content);
  if (types.length === 0) {
    if (exchange.text.length > 0) problems.push(`a ${status} must have no body, got ${exchange.text.length} bytes`);
    return problems;
  }
  const type = mediaType(exchange.headers.get("content-type"));
  const media = documented.content[type];
  if (!media) {
    problems.push(`Content-Type ${type || "(none)"} is not documented for ${status} (expected ${types.join(" or ")})`);
    return problems;
  }
  if (!media.schema) return problems;
  let body: unknown = exchange.text;
  if (type === "application/json" || type.endsWith("+json")) {
    try {
      body = JSON.parse(exchange.text);
    } catch {
      problems.push(`the ${type} body is not valid JSON`);
      return problems;
    }
  }
  const reason = validator.check(media.schema, body);
  if (reason) problems.push(`body ${reason}`);
  return problems;
}
