// The authorization rules of docs/architecture.md ("Authorization"), written
// once for the reliability suites: who the callers are and what each may call.
import type { OperationRule } from "../../../src/generated/contract.js";
import { as, type Caller } from "../../support/harness.js";

/** The user whose page the suites act on, and another user. */
export const SELF = "demo";
export const OTHER = "alice";

/** The callers of the matrix; `null` sends no token. */
export const callers = {
  anonymous: null,
  "user-self": as.user(SELF),
  "user-other": as.user(OTHER),
  service: as.service(),
  admin: as.admin(),
} as const satisfies Record<string, Caller | null>;
export type CallerName = keyof typeof callers;

/**
 * The rules: no token → 401 on a secured operation; a token without one of
 * the operation's `x-roles` → 403; on `{userId}`'s page (here always SELF's),
 * reads need that user or an admin, changes need that user; else allowed.
 */
export function expectedAccess(rule: OperationRule, caller: Caller | null): "allowed" | 401 | 403 {
  if (!rule.secured) return "allowed";
  if (!caller) return 401;
  if (!rule.roles.some((role) => caller.roles.includes(role))) return 403;
  if (!rule.path.includes("{userId}")) return "allowed";
  const own = caller.sub === SELF;
  if (rule.method === "get") return own || caller.roles.includes("admin") ? "allowed" : 403;
  return own ? "allowed" : 403;
}

/** The most privileged caller allowed to call `rule` on SELF's page (admin, then service, then the user), or null for open operations. */
export function allowedCaller(rule: OperationRule): Caller | null {
  if (!rule.secured) return null;
  const found = (["admin", "service", "user-self"] as const).map((name) => callers[name]).find((caller) => expectedAccess(rule, caller) === "allowed");
  if (!found) throw new Error(`no caller may call ${rule.method} ${rule.path}`);
  return found;
}
