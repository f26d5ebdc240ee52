import { sectionNames } from "../generated/contract.js";
import type { Personalization, SectionName } from "../page-model.js";

/**
 * Every section in the order the widget uses when neither the host nor the
 * user chose one: the contract's default order, which the API's pages follow
 * too, so the skeletons stand where the sections arrive.
 */
export const defaultSectionOrder: readonly SectionName[] = sectionNames;

const known = new Set<string>(defaultSectionOrder);

/**
 * Reads the `sections` attribute ("actions, statistics" or "actions statistics").
 * Unknown names are dropped rather than thrown so a typo in host markup degrades
 * to "that section is missing" instead of a blank widget. Returns `undefined`
 * when the attribute names no valid section, meaning "use the user's layout".
 */
export function parseSectionsAttribute(value: string | null | undefined): SectionName[] | undefined {
  if (!value) return undefined;
  const names = value
    .split(/[\s,]+/)
    .map((name) => name.trim())
    .filter((name): name is SectionName => known.has(name));
  const unique = [...new Set(names)];
  return unique.length > 0 ? unique : undefined;
}

/**
 * The sections to render, in order. The host's `sections` attribute wins on
 * order and subset; otherwise the user's saved `layout.order` is used, with any
 * section it does not mention appended in the default order. The user's
 * `layout.hidden` is honored in both cases, and so is a loaded page that left
 * a section out (the server's feature flag switched it off): `served` names
 * the sections the page has; the rest are laid out as if hidden.
 */
export function resolveSectionOrder(
  requested: readonly SectionName[] | undefined,
  layout: Personalization["layout"] | undefined,
  served?: ReadonlySet<string>,
): SectionName[] {
  const base = requested ?? [...(layout?.order ?? []), ...defaultSectionOrder];
  const hidden = new Set(layout?.hidden ?? []);
  return [...new Set(base)].filter((name) => known.has(name) && !hidden.has(name) && (served === undefined || served.has(name)));
}

/**
 * The sections to ask the API for: the requested ones plus personalization,
 * which the widget always needs for the user's layout, locale and time zone.
 */
export function sectionsToFetch(requested: readonly SectionName[] | undefined): SectionName[] | undefined {
  if (!requested) return undefined;
  return requested.includes("personalization") ? [...requested] : [...requested, "personalization"];
}
