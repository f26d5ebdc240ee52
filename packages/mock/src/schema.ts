// Short names for the contract's schemas, taken from the generated types so
// fixtures and handlers can never drift from openapi.yaml.
import type { components } from "./generated/openapi.js";

type Schemas = components["schemas"];

/** A section of the page, as named in the contract. */
export type SectionName = Schemas["SectionName"];
/** The status every section envelope carries. */
export type SectionStatus = Schemas["SectionStatus"];
/** Why a section is stale or unavailable. */
export type SectionError = Schemas["SectionError"];
/** One metric in the statistics section. */
export type Metric = Schemas["Metric"];
/** The statistics section's data. */
export type Statistics = Schemas["Statistics"];
/** An actionable item's kind. */
export type ActionKind = Schemas["ActionKind"];
/** An actionable item's priority. */
export type Priority = Schemas["Priority"];
/** One open actionable item. */
export type ActionItem = Schemas["ActionItem"];
/** The actions section's data. */
export type Actions = Schemas["Actions"];
/** The answer to completing or dismissing an item. */
export type ActionOutcome = Schemas["ActionOutcome"];
/** One activity entry. */
export type ActivityItem = Schemas["ActivityItem"];
/** A page of activity. */
export type Activity = Schemas["Activity"];
/** Section order and hidden sections. */
export type Layout = Schemas["Layout"];
/** A shortcut shown on the page. */
export type QuickAction = Schemas["QuickAction"];
/** A short observation about the user's work. */
export type Insight = Schemas["Insight"];
/** The personalization section's data. */
export type Personalization = Schemas["Personalization"];
/** A merge patch of the user's preferences. */
export type PreferencesPatch = Schemas["PreferencesPatch"];
/** A system-wide announcement. */
export type Announcement = Schemas["Announcement"];
/** The system section's data. */
export type SystemOverview = Schemas["SystemOverview"];
/** The whole intro page. */
export type IntroPage = Schemas["IntroPage"];
/** An activity or action event pushed by a host backend. */
export type IngestEvent = Schemas["IngestEvent"];
/** An RFC 9457 problem document. */
export type Problem = Schemas["Problem"];
/** One bad field in a 400 or 422 problem. */
export type ValidationIssue = Schemas["ValidationIssue"];
/** Health of one section service. */
export type SectionHealth = Schemas["SectionHealth"];
/** Health of one dependency. */
export type DependencyCheck = Schemas["DependencyCheck"];

/** Each section's data type, by section name. */
export type SectionData = {
  statistics: Statistics;
  actions: Actions;
  activity: Activity;
  personalization: Personalization;
  system: SystemOverview;
};

/** A section wrapped with its status, as every section endpoint and the page return it. */
export type SectionEnvelope<Name extends SectionName> = {
  status: SectionStatus;
  asOf: string;
  data: SectionData[Name] | null;
  error?: SectionError;
};

/** Every action kind, so fixtures cover each one. */
export const actionKinds: readonly ActionKind[] = ["task", "approval", "review", "mention", "reminder"];

/** Every priority, most pressing first (the order the actions section sorts by). */
export const priorities: readonly Priority[] = ["urgent", "high", "normal", "low"];
/** A feature flag as the admin API shows it. */
export type FeatureFlag = Schemas["FeatureFlag"];
/** A merge patch of a feature flag's settings. */
export type FeatureFlagPatch = Schemas["FeatureFlagPatch"];
/** One entry of a feature flag's audit trail. */
export type FeatureFlagChange = Schemas["FeatureFlagChange"];
