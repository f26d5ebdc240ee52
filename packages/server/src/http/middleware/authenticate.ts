import type { Request, RequestHandler } from "express";
import { missingTokenError, TokenRefusal, tokenRefused } from "../../auth/jwt.js";
import type { Principal } from "../../auth/principal.js";
import type { TokenVerifier } from "../../auth/verified-tokens.js";
import { AppError } from "../../errors/app-error.js";

declare module "express-serve-static-core" {
  interface Request {
    /** The verified caller; set by `authenticate` on every protected route. */
    principal?: Principal;
  }
}

/** Query parameters some clients put tokens in; tokens there end up in logs and browser history, so they are refused. */
const TOKEN_PARAMETERS = new Set(["access_token", "token", "jwt", "id_token", "bearer", "authorization"]);
/** A value shaped like a JWS or JWE (base64url JSON header starting `{"`). */
const LOOKS_LIKE_JWT = /^eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\./;

function tokenInQuery(req: Request): boolean {
  return Object.entries(req.query).some(([name, value]) => TOKEN_PARAMETERS.has(name.toLowerCase()) || (typeof value === "string" && LOOKS_LIKE_JWT.test(value)));
}

/**
 * Logs a refused token as one structured security event (`securityEvent`,
 * `reason`, client address, path without query); the token itself is never
 * logged.
 */
function logRefusal(req: Request, err: unknown): void {
  const cause = err instanceof AppError ? err.cause : undefined;
  if (!(cause instanceof TokenRefusal)) return;
  req.log?.warn({ securityEvent: "token_refused", reason: cause.reason, ip: req.ip, path: req.path }, `security: token refused (${cause.reason})`);
}

/**
 * Requires a valid bearer token on every request that `isPublic` does not
 * exempt, and records the caller as `req.principal`. Tokens are taken from
 * the Authorization header only; one in the query string is refused. A token
 * is fully verified once and then remembered until its `exp` (`auth/verified-tokens.ts`).
 */
export function authenticate(verify: TokenVerifier, isPublic: (req: Request) => boolean): RequestHandler {
  return (req, _res, next) => {
    if (isPublic(req)) return next();
    try {
      if (tokenInQuery(req)) throw tokenRefused("token_in_query", "Tokens are accepted only in the Authorization header, never in the URL.", "invalid_request");
      const header = req.headers.authorization;
      if (!header) return next(missingTokenError());
      const token = bearerToken(header);
      if (!token) throw tokenRefused("bad_scheme", "The Authorization header must be `Bearer <token>`.", "invalid_request");
      req.principal = verify(token);
      next();
    } catch (err) {
      logRefusal(req, err);
      next(err);
    }
  };
}

/** The token of an `Authorization: Bearer <token>` header, or undefined when the header has another shape. */
export function bearerToken(header: string): string | undefined {
  return /^Bearer +([A-Za-z0-9._~+/=-]+)$/i.exec(header)?.[1];
}

/** The caller of a protected route; authentication guarantees it is set. */
export function principalOf(req: { principal?: Principal | undefined }): Principal {
  if (!req.principal) throw new AppError(401, "A bearer token is required.");
  return req.principal;
}
