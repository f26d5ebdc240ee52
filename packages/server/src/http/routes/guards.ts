import type { Request } from "express";
import { mayReadPage, mayWritePage, type Principal, type Role } from "../../auth/principal.js";
import { noSuchUser, type UserDirectory } from "../../domain/user-directory.js";
import { AppError } from "../../errors/app-error.js";
import { principalOf } from "../middleware/authenticate.js";

/** The validated `userId` path parameter. */
export const userIdParam = (req: Request): string => String(req.params.userId);

/** Authorizes a read of `userId`'s page (403), without checking that the user exists. */
export function authorizeReader(req: { principal?: Principal | undefined }, userId: string): void {
  if (!mayReadPage(principalOf(req), userId)) throw new AppError(403, "You may only read your own intro page.");
}

/**
 * Authorizes a read of `userId`'s page and checks the user exists: 403
 * before 404, so a stranger cannot probe which user ids exist.
 */
export async function authorizeRead(req: { principal?: Principal | undefined }, users: UserDirectory, userId: string): Promise<void> {
  authorizeReader(req, userId);
  if (!(await users.lookup(userId))) throw noSuchUser(userId);
}

/** Authorizes a change to `userId`'s page: only that user may act on it. */
export function authorizeWrite(req: Request, userId: string): void {
  if (!mayWritePage(principalOf(req), userId)) throw new AppError(403, "You may only change your own intro page.");
}

/** Refuses (403) a caller holding none of `allowed`; `what` names the activity in the message, e.g. "Cache management". */
export function requireRole(req: Request, allowed: readonly Role[], what: string): void {
  const principal = principalOf(req);
  if (!allowed.some((role) => principal.roles.has(role))) throw new AppError(403, `${what} needs the ${allowed.join(" or ")} role.`);
}
