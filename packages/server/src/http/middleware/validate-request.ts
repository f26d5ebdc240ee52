import * as OpenApiValidator from "express-openapi-validator";
import type { RequestHandler } from "express";

/**
 * Validates every documented request (path, query, headers, body, content
 * type) against the contract. Failures reach the error handler as 400/415
 * with one `errors[]` entry per bad field. Responses are not validated
 * here: the test suite checks every response against the spec instead,
 * which costs nothing in production.
 */
export function validateRequests(spec: Record<string, unknown>): RequestHandler[] {
  return OpenApiValidator.middleware({
    // The validator dereferences the document in place; give it its own copy.
    apiSpec: structuredClone(spec) as never,
    validateRequests: { allowUnknownQueryParameters: false, coerceTypes: true },
    validateResponses: false,
    // Authentication is our own middleware (pinned algorithms, roles); the validator must not second-guess it.
    validateSecurity: false,
    validateApiSpec: false,
    // /docs and other non-API paths are not in the contract.
    ignoreUndocumented: true,
    validateFormats: true,
  }) as unknown as RequestHandler[];
}
