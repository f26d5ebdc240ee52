import type { Request, RequestHandler } from "express";
import { missingTokenError } from "../../auth/jwt.js";
import type { Principal } from "../../auth/principal.js";
import type { TokenVerifier } from "../../auth/verified-tokens.js";
import { AppError } from "../../errors/app-error.js";

declare module "express-serve-static-core" {
  interface Request {
    /** The verified caller; set by `authenticate` on every protected route. */
    principal?: Principal;
  }
}

/**
 * Requires a valid bearer token on every request that `isPublic` does not
 * exempt, and records the caller as `req.principal`. A token is fully
 * verified once and then remembered until its `exp` (`auth/verified-tokens.ts`).
 */
export function authenticate(verify: TokenVerifier, isPublic: (req: Request) => boolean): RequestHandler {
  return (req, _res, next) => {
    if (isPublic(req)) return next();
    const header = req.headers.authorization;
    if (!header) return next(missingTokenError());
    const token = bearerToken(header);
    if (!token) return next(new AppError(401, "The Authorization header must be `Bearer <token>`.", { headers: { "WWW-Authenticate": 'Bearer realm="intro-page", error="invalid_request"' } }));
    req.principal = verify(token);
    next();
  };
}

/** The token of an `Authorization: Bearer <token>` header, or undefined when the header has another shape. */
export function bearerToken(header: string): string | undefined {
  return /^Bearer +([A-Za-z0-9._~+/=-]+)$/i.exec(header)?.[1];
}

/** The caller of a protected route; authentication guarantees it is set. */
export function principalOf(req: Request): Principal {
  if (!req.principal) throw new AppError(401, "A bearer token is required.");
  return req.principal;
}
