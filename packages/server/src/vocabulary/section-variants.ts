import type { SectionName } from "./section-names.js";

/**
 * The alternative renderings of a section that a feature flag can choose
 * (the default rendering has no name). Each is cached under its own key
 * (`cache/cache-keys.ts`), so a flag that moves a user to another variant
 * misses the old entry instead of serving it; the list is what lets a
 * per-user invalidation name every key without a SCAN.
 */
export const sectionVariants: Readonly<Partial<Record<SectionName, readonly string[]>>> = {
  actions: ["due-first"],
};
