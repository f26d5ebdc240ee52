/**
 * The shape of a feature flag of the built-in provider: stored by
 * data-access, evaluated and administered by domain/flags, shown by the
 * admin API (openapi.yaml `FeatureFlag`).
 */

/** A value a flag can serve: booleans for on/off flags, strings for variants. */
export type FlagValue = boolean | string;

/** The kinds of flag the built-in provider stores. */
export type FlagKind = "boolean" | "string";

/**
 * Who a rule applies to. Every condition given must hold; within one list
 * any entry may match. A rule with no conditions applies to everyone.
 */
export interface FlagTarget {
  userIds?: string[];
  roles?: string[];
  /** BCP 47 tags; `de` also matches `de-AT`. */
  locales?: string[];
}

/** One targeting rule: who it applies to, optionally a percentage of them, and what they get. */
export interface FlagRule {
  /** Shown in the admin API and the audit trail; not used for matching. */
  description?: string;
  match?: FlagTarget;
  /**
   * Share of the matching users (0–100, two decimals) that get `value`,
   * chosen by a stable hash of flag key and user id. Absent means all of them.
   */
  percentage?: number;
  value: FlagValue;
}

/** A flag as the built-in provider evaluates it and the admin API shows it. */
export interface FlagDefinition {
  key: string;
  kind: FlagKind;
  description: string;
  /** For string flags: the values the product understands. */
  allowedValues: string[];
  /** The kill switch: when false every user gets `offValue`. */
  enabled: boolean;
  offValue: FlagValue;
  /** What users get when the flag is on and no rule matches. */
  defaultValue: FlagValue;
  /** Evaluated in order; the first that applies wins. */
  rules: FlagRule[];
  /** Bumped by every change; the admin API's ETag. */
  version: number;
  updatedAt: string;
  updatedBy: string | null;
}

/** The parts of a flag an operator may change. */
export type FlagSettings = Pick<FlagDefinition, "enabled" | "offValue" | "defaultValue" | "rules">;

/** How open action items are ordered, chosen by the `actions.ordering` flag; the first is the established order. */
export const actionOrderings = ["priority-first", "due-first"] as const;

/** One of {@link actionOrderings}. */
export type ActionOrdering = (typeof actionOrderings)[number];

/** One flag as served for one read (its key and the variant served), for the evaluation metric. */
export interface FlagObservation {
  flag: string;
  variant: string;
}

/** Hears every flag served (a port: domain reports, ops counts). */
export type FlagObserver = (observations: readonly FlagObservation[]) => void;
