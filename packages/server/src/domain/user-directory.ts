import NodeCache from "node-cache";
import type { UserRecord, UserRepository } from "../data-access/user-repository.js";

/**
 * Answers "does this user exist?" for every page read. Users are never
 * deleted through the API, so a positive answer is cached; a negative one
 * is not (the user may be created by a seed or migration any moment).
 */
export interface UserDirectory {
  /**
   * False when there is no such user. Otherwise the user's row when this
   * call read it (the first read of a user: the page load uses it instead of
   * reading it again), or true when the user was known already.
   */
  lookup(userId: string): Promise<UserRecord | boolean>;
}

/** Creates the directory over the users repository with a bounded positive cache. */
export function createUserDirectory(users: Pick<UserRepository, "find">, options: { maxKeys?: number; ttlSeconds?: number } = {}): UserDirectory {
  const known = new NodeCache({ stdTTL: options.ttlSeconds ?? 3600, checkperiod: 600, useClones: false, maxKeys: options.maxKeys ?? 100_000 });
  return {
    async lookup(userId) {
      if (known.has(userId)) return true;
      const user = await users.find(userId);
      if (!user) return false;
      try {
        known.set(userId, true);
      } catch {
        // Full: answer correctly without caching.
      }
      return user;
    },
  };
}
