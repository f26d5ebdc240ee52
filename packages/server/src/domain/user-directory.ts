import NodeCache from "node-cache";
import { AppError } from "../errors/app-error.js";
import type { Read } from "../data-access/combined-reads.js";
import type { UserRecord, UserRepository } from "../data-access/user-repository.js";

/**
 * Answers "does this user exist?" for every page read. Users are never
 * deleted through the API, so a positive answer is cached; a negative one
 * is not (the user may be created by a seed or migration any moment).
 */
export interface UserDirectory {
  /** Whether the user exists (read once, then remembered). */
  lookup(userId: string): Promise<boolean>;
  /** True when the user is known to exist, without reading anything. */
  knows(userId: string): boolean;
  /** The read of the user's row, for a page load that checks the user exists in its own statement (`PageReads.confirm`). */
  record(userId: string): Read<UserRecord | undefined>;
  /** Remembers that the user exists (a page load's own statement found the row). */
  remember(userId: string): void;
}

/** The 404 for a page or section of a user that does not exist. */
export const noSuchUser = (userId: string): AppError => new AppError(404, `No user with id "${userId}".`);

/** Creates the directory over the users repository with a bounded positive cache. */
export function createUserDirectory(users: Pick<UserRepository, "find" | "record">, options: { maxKeys?: number; ttlSeconds?: number } = {}): UserDirectory {
  const known = new NodeCache({ stdTTL: options.ttlSeconds ?? 3600, checkperiod: 600, useClones: false, maxKeys: options.maxKeys ?? 100_000 });
  const knows = (userId: string) => known.has(userId);
  const remember = (userId: string) => {
    try {
      known.set(userId, true);
    } catch {
      // Full: answer correctly without caching.
    }
  };
  return {
    async lookup(userId) {
      if (knows(userId)) return true;
      if (!(await users.find(userId))) return false;
      remember(userId);
      return true;
    },
    knows,
    record: (userId) => users.record(userId),
    remember,
  };
}
