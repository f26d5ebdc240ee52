import type { Role } from "../generated/contract.js";

/** The roles a token can carry in its `roles` claim (the contract's `Role`). */
export const roles = ["user", "admin", "service"] as const satisfies readonly Role[];
export type { Role };

/** Who is calling, as proven by a verified token. */
export interface Principal {
  /** The `sub` claim: for users, their user id. */
  subject: string;
  roles: ReadonlySet<Role>;
  /** When the token expires (ms since the epoch, from `exp`); long-lived responses such as streams end then. */
  expiresAt?: number;
}

/** True when the principal may read `userId`'s page: their own as user/admin, anyone's as admin. */
export function mayReadPage(principal: Principal, userId: string): boolean {
  if (principal.roles.has("admin")) return true;
  return principal.roles.has("user") && principal.subject === userId;
}

/** True when the principal may change `userId`'s page (complete, dismiss, preferences): only that user. */
export function mayWritePage(principal: Principal, userId: string): boolean {
  return principal.subject === userId && (principal.roles.has("user") || principal.roles.has("admin"));
}
