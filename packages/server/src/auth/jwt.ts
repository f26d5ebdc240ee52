import { createPublicKey, createSecretKey, randomBytes, type KeyObject } from "node:crypto";
import jwt from "jsonwebtoken";
import type { Config } from "../config/config.js";
import { AppError } from "../errors/app-error.js";
import { roles, type Principal, type Role } from "./principal.js";

/** The accepted signing algorithms, pinned by configuration. */
export type JwtAlgorithm = Config["JWT_ALGORITHMS"][number];

/** Key material loaded once at start: KeyObjects verify ~50× faster than strings. */
export interface JwtKeys {
  /** What verifies tokens (the HS256 secret or the public key). */
  verifyKey: KeyObject;
  algorithms: JwtAlgorithm[];
  issuer: string;
  audience: string;
  clockToleranceSeconds: number;
  /** Present only in demo mode (no key configured): the secret made at start, so a demo token can be printed. */
  demoSecret?: string;
}

/** Builds `JwtKeys` from the configuration, making a random HS256 secret in demo mode. */
export function loadJwtKeys(config: Config): JwtKeys {
  const common = {
    algorithms: config.JWT_ALGORITHMS,
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
    clockToleranceSeconds: config.JWT_CLOCK_TOLERANCE_S,
  };
  if (config.JWT_PUBLIC_KEY) return { ...common, verifyKey: createPublicKey(config.JWT_PUBLIC_KEY) };
  if (config.JWT_SECRET) return { ...common, verifyKey: createSecretKey(Buffer.from(config.JWT_SECRET, "utf8")) };
  const demoSecret = randomBytes(32).toString("base64url");
  return { ...common, algorithms: ["HS256"], verifyKey: createSecretKey(Buffer.from(demoSecret, "utf8")), demoSecret };
}

const unauthorized = (detail: string, error = "invalid_token") =>
  new AppError(401, detail, { headers: { "WWW-Authenticate": `Bearer realm="intro-page", error="${error}"` } });

/** A client-facing reason for a jsonwebtoken failure; never echoes the token or the expected values. */
function reasonFor(err: unknown): string {
  const message = err instanceof Error ? err.message : "";
  if (message.startsWith("jwt issuer invalid")) return "The token's issuer is not accepted.";
  if (message.startsWith("jwt audience invalid")) return "The token's audience is not accepted.";
  if (message === "invalid algorithm") return "The token's algorithm is not accepted.";
  if (message === "invalid signature") return "The token's signature does not verify (signed with another key).";
  return "The token is malformed.";
}

/** The challenge sent when no token was presented at all (RFC 6750: no error code). */
export const missingTokenError = () =>
  new AppError(401, "A bearer token is required.", { headers: { "WWW-Authenticate": 'Bearer realm="intro-page"' } });

/**
 * Verifies a bearer token: pinned algorithms, signature, `exp` (required),
 * `nbf`, `iss`, `aud`, small clock skew; then reads `sub` and `roles`.
 * @throws AppError(401) with a reason a client can act on.
 */
export function verifyToken(token: string, keys: JwtKeys): Principal {
  return verifyTokenUntil(token, keys).principal;
}

/** Like {@link verifyToken}, and also says until when (epoch ms, the `exp` claim) the answer holds. */
export function verifyTokenUntil(token: string, keys: JwtKeys): { principal: Principal; expiresAtMs: number } {
  let payload: string | jwt.JwtPayload;
  try {
    payload = jwt.verify(token, keys.verifyKey, {
      algorithms: keys.algorithms,
      issuer: keys.issuer,
      audience: keys.audience,
      clockTolerance: keys.clockToleranceSeconds,
    });
  } catch (err) {
    if (err instanceof jwt.TokenExpiredError) throw unauthorized("The token has expired.");
    if (err instanceof jwt.NotBeforeError) throw unauthorized("The token is not valid yet.");
    throw unauthorized(reasonFor(err));
  }
  if (typeof payload === "string" || typeof payload.exp !== "number") throw unauthorized("The token must carry an exp claim.");
  if (typeof payload.sub !== "string" || payload.sub.length === 0 || payload.sub.length > 128) throw unauthorized("The token must carry a sub claim.");
  const claimed: unknown = (payload as { roles?: unknown }).roles;
  const list = Array.isArray(claimed) ? claimed : typeof claimed === "string" ? claimed.split(/[ ,]+/) : [];
  const granted = new Set(list.filter((role): role is Role => (roles as readonly unknown[]).includes(role)));
  if (granted.size === 0) throw unauthorized("The token grants none of the roles user, admin or service.");
  return { principal: { subject: payload.sub, roles: granted }, expiresAtMs: payload.exp * 1000 };
}

/** What `signToken` needs: a signing key matching one of the pinned algorithms. */
export interface SigningOptions {
  /** HS256 secret, or a PEM private key for RS256/ES256. */
  key: string | KeyObject;
  algorithm: JwtAlgorithm;
  issuer: string;
  audience: string;
}

/** Signs a token for `subject` with `roles`, valid for `ttlSeconds` (used by `npm run token`, the demo and tests). */
export function signToken(subject: string, grantedRoles: ReadonlyArray<Role>, ttlSeconds: number, options: SigningOptions): string {
  return jwt.sign({ roles: [...grantedRoles] }, options.key, {
    algorithm: options.algorithm,
    subject,
    issuer: options.issuer,
    audience: options.audience,
    expiresIn: ttlSeconds,
  });
}
