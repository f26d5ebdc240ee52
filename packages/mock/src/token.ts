// Bearer tokens for the mock. The mock decodes JWTs without verifying them,
// so demo pages and tests can mint any identity with `createMockToken`.
import { decodeBase64Url, encodeBase64Url } from "./base64url.js";

/** A role from the contract's `roles` claim. */
export type MockRole = "user" | "admin" | "service";

/** The claims `createMockToken` puts into a token. */
export interface MockTokenClaims {
  /** The user id the token speaks for. */
  sub: string;
  /** Roles; defaults to `["user"]`. */
  roles?: readonly MockRole[];
  /** Expiry as seconds since the epoch; defaults to one day from now. Use a past value to get `401`. */
  exp?: number;
  /** Extra claims to include verbatim (e.g. `iss`, `aud`). */
  [claim: string]: unknown;
}

/** What the mock reads from a bearer token. */
export interface MockIdentity {
  sub: string;
  roles: readonly MockRole[];
}

const oneDaySeconds = 24 * 60 * 60;
const roleNames: readonly string[] = ["user", "admin", "service"];

/**
 * Creates an unsigned JWT (`alg: "none"`) that the mock accepts as a bearer token.
 * Never accepted by a real server: it is for demos and tests only.
 */
export function createMockToken(claims: MockTokenClaims): string {
  const payload = {
    ...claims,
    roles: claims.roles ?? ["user"],
    exp: claims.exp ?? Math.floor(Date.now() / 1000) + oneDaySeconds,
  };
  return `${encodeBase64Url(JSON.stringify({ alg: "none", typ: "JWT" }))}.${encodeBase64Url(JSON.stringify(payload))}.`;
}

/** Why a bearer token was refused; becomes the 401 problem's `detail`. */
export type TokenRejection = "missing" | "malformed" | "expired";

/**
 * Reads the identity from an `Authorization` header without verifying any signature.
 * `exp` is required (as on the real server); an absent `roles` claim means `["user"]`.
 */
export function readBearerIdentity(
  authorization: string | null,
  nowMs: number,
): { identity: MockIdentity } | { rejected: TokenRejection } {
  const match = authorization?.match(/^Bearer\s+([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/i);
  if (!authorization) return { rejected: "missing" };
  if (!match?.[2]) return { rejected: "malformed" };
  let payload: unknown;
  try {
    payload = JSON.parse(decodeBase64Url(match[2]));
  } catch {
    return { rejected: "malformed" };
  }
  if (typeof payload !== "object" || payload === null) return { rejected: "malformed" };
  const { sub, roles, exp } = payload as Record<string, unknown>;
  if (typeof sub !== "string" || sub.length === 0 || typeof exp !== "number") return { rejected: "malformed" };
  if (roles !== undefined && !(Array.isArray(roles) && roles.every((role) => roleNames.includes(role)))) {
    return { rejected: "malformed" };
  }
  if (exp * 1000 <= nowMs) return { rejected: "expired" };
  return { identity: { sub, roles: (roles as MockRole[] | undefined) ?? ["user"] } };
}
