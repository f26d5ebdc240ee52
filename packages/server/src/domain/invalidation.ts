import type { InvalidationSelector } from "../cache/cache-keys.js";
import type { SectionName } from "../vocabulary/section-names.js";

/**
 * Which sections each kind of write changes. Statistics and
 * personalization derive from item counts, so item writes touch them too;
 * activity feeds statistics (counts, streak). Nothing a single user does
 * touches the shared system section within its TTL.
 */
export const sectionsTouchedBy = {
  itemChanged: ["actions", "statistics", "personalization"],
  activityAdded: ["activity", "statistics"],
  preferencesChanged: ["personalization"],
  userActed: ["statistics"],
} as const satisfies Record<string, ReadonlyArray<SectionName>>;

/** A change that invalidates cache entries. */
export type Change = keyof typeof sectionsTouchedBy;

/** The exact cache entries a set of changes affects, one selector per (user, section), without duplicates. */
export function selectorsFor(changes: Iterable<{ userId: string; change: Change }>): InvalidationSelector[] {
  const keys = new Map<string, InvalidationSelector>();
  for (const { userId, change } of changes) {
    for (const section of sectionsTouchedBy[change]) keys.set(`${userId}\u0000${section}`, { userId, section });
  }
  return [...keys.values()];
}
