import NodeCache from "node-cache";
import type { UserRepository } from "../data-access/user-repository.js";

/**
 * Answers "does this user exist?" for every page read. Users are never
 * deleted through the API, so a positive answer is cached; a negative one
 * is not (the user may be created by a seed or migration any moment).
 */
export interface UserDirectory {
  exists(userId: string): Promise<boolean>;
}

/** Creates the directory over the users repository with a bounded positive cache. */
export function createUserDirectory(users: Pick<UserRepository, "find">, options: { maxKeys?: number; ttlSeconds?: number } = {}): UserDirectory {
  const known = new NodeCache({ stdTTL: options.ttlSeconds ?? 3600, checkperiod: 600, useClones: false, maxKeys: options.maxKeys ?? 100_000 });
  return {
    async exists(userId) {
      if (known.has(userId)) return true;
      const user = await users.find(userId);
      if (!user) return false;
      try {
        known.set(userId, true);
      } catch {
        // Full: answer correctly without caching.
      }
      return true;
    },
  };
}
