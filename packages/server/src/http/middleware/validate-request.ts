import * as OpenApiValidator from "express-openapi-validator";
import type { RequestHandler } from "express";
import { AppError } from "../../errors/app-error.js";

/** Query parameter names our contract can contain; anything else (e.g. `a[b]`) is refused up front. */
const plainName = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * Refuses bracketed or otherwise exotic query keys before the validator sees
 * them: none exists in the contract, and express-openapi-validator 5.6 throws
 * a TypeError (a 500) on `name[a][b]=` for array parameters.
 */
export const rejectExoticQueryKeys: RequestHandler = (req, _res, next) => {
  const bad = Object.keys(req.query).filter((key) => !plainName.test(key));
  if (bad.length === 0) return next();
  next(
    new AppError(400, `Unknown query parameter${bad.length > 1 ? "s" : ""}: ${bad.map((key) => key.slice(0, 64)).join(", ")}.`, {
      errors: bad.map((key) => ({ pointer: `/query/${key.slice(0, 64)}`, detail: "is not a parameter of this operation" })),
    }),
  );
};

/**
 * Validates every documented request (path, query, headers, body, content
 * type) against the contract. Failures reach the error handler as 400/415
 * with one `errors[]` entry per bad field. Responses are not validated
 * here: the test suite checks every response against the spec instead,
 * which costs nothing in production.
 */
export function validateRequests(spec: Record<string, unknown>): RequestHandler[] {
  const validators = OpenApiValidator.middleware({
    // The validator dereferences the document in place; give it its own copy.
    apiSpec: structuredClone(spec) as never,
    // Parameters are always coerced from strings; bodies never are, so `{"userId": 12345}` is a 400 as the contract says.
    validateRequests: { allowUnknownQueryParameters: false, coerceTypes: false },
    validateResponses: false,
    // Authentication is our own middleware (pinned algorithms, roles); the validator must not second-guess it.
    validateSecurity: false,
    validateApiSpec: false,
    // /docs and other non-API paths are not in the contract.
    ignoreUndocumented: true,
    validateFormats: true,
  }) as unknown as RequestHandler[];
  return [rejectExoticQueryKeys, ...validators];
}
