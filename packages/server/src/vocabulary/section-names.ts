import type { components } from "../generated/openapi.js";

/**
 * The five sections of an intro page, in their default order. The one list
 * of section names in the server: everything else imports it from here, so
 * it can become a re-export of the generated contract vocabulary.
 */
export const sectionNames = ["statistics", "actions", "activity", "personalization", "system"] as const satisfies ReadonlyArray<
  components["schemas"]["SectionName"]
>;

/** A section of the intro page. */
export type SectionName = (typeof sectionNames)[number];

/** True when `value` names a section. */
export const isSectionName = (value: unknown): value is SectionName => (sectionNames as readonly unknown[]).includes(value);
