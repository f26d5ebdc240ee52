import type { SectionName } from "../vocabulary/section-names.js";

/** Bump when the cached shape changes, so old entries in a shared L2 are ignored after a deploy. */
export const cacheKeyVersion = "v1";

/** The user slot of sections every user shares (only `system`). */
export const sharedUserSlot = "*";

/** Sections computed once for everyone rather than per user. */
export const isSharedSection = (section: SectionName): boolean => section === "system";

/**
 * `section:v1:<userId>:<section>`, or `section:v1:*:system` for the shared
 * section; a flag-chosen variant (`vocabulary/section-variants.ts`) is
 * appended as `~<variant>`, so each variant is its own entry.
 */
export function sectionKey(userId: string, section: SectionName, variant?: string): string {
  const base = `section:${cacheKeyVersion}:${isSharedSection(section) ? sharedUserSlot : userId}:${section}`;
  return variant === undefined ? base : `${base}~${variant}`;
}

/** Splits a key made by `sectionKey`; undefined for anything else. `baseKey` is the key without its variant. */
export function parseSectionKey(key: string): { userId: string; section: SectionName; baseKey: string } | undefined {
  const match = /^(section:v1:([^:]+):([a-z]+))(?:~[a-z0-9-]+)?$/.exec(key);
  if (!match) return undefined;
  return { userId: match[2]!, section: match[3] as SectionName, baseKey: match[1]! };
}

/**
 * What to drop from the cache. `{ all: true }` drops everything; `userId`
 * that user's sections; `section` that section for every user; both
 * together exactly one entry.
 */
export interface InvalidationSelector {
  all?: boolean;
  userId?: string;
  section?: SectionName;
}

/** True when `key` is covered by `selector`. The shared system entry belongs to no single user. */
export function selectorMatches(selector: InvalidationSelector, key: string): boolean {
  if (selector.all) return true;
  const parsed = parseSectionKey(key);
  if (!parsed) return false;
  if (selector.section !== undefined && parsed.section !== selector.section) return false;
  if (selector.userId !== undefined && !isSharedSection(parsed.section) && parsed.userId !== selector.userId) return false;
  if (selector.userId !== undefined && isSharedSection(parsed.section) && selector.section === undefined) return false;
  return selector.section !== undefined || selector.userId !== undefined;
}
