// Authentication (who is calling) and the contract's authorization rules
// (which role may do what).
import { readBearerIdentity } from "../token.js";
import type { MockIdentity, MockRole } from "../token.js";

const rejectionDetail = {
  missing: "A bearer token is required.",
  malformed: "The bearer token is malformed.",
  expired: "The token has expired.",
} as const;

/** Either who is calling, or the 401 to answer with. */
export type Authentication =
  | { identity: MockIdentity }
  | { detail: string; challenge: string };

/** Reads the bearer token; the challenge goes into `WWW-Authenticate`. */
export function authenticate(request: Request, nowMs: number): Authentication {
  const result = readBearerIdentity(request.headers.get("authorization"), nowMs);
  if ("identity" in result) return result;
  const challenge =
    result.rejected === "missing"
      ? 'Bearer realm="intro-page"'
      : `Bearer realm="intro-page", error="invalid_token", error_description="${rejectionDetail[result.rejected]}"`;
  return { detail: rejectionDetail[result.rejected], challenge };
}

/** True when the identity holds any of `roles`. */
export function hasRole(identity: MockIdentity, ...roles: MockRole[]): boolean {
  return identity.roles.some((role) => roles.includes(role));
}

/** Users read their own page; admins read any page. */
export function mayRead(identity: MockIdentity, userId: string): boolean {
  return hasRole(identity, "admin") || (hasRole(identity, "user") && identity.sub === userId);
}

/** Only the user themself acts on their page (complete, dismiss, preferences). */
export function mayAct(identity: MockIdentity, userId: string): boolean {
  return hasRole(identity, "user", "admin") && identity.sub === userId;
}
