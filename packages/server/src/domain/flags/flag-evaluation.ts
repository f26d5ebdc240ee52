import { createHash } from "node:crypto";
import type { FlagDefinition, FlagRule, FlagTarget, FlagValue } from "../../vocabulary/feature-flags.js";

/** Buckets per 100 %: percentages have two decimals. */
const bucketCount = 10_000;

/**
 * The user's bucket for a flag, 0 ≤ bucket < 10 000, from a hash of flag key
 * and user id: the same user always gets the same bucket, and different
 * flags spread users independently. A rule for p % takes buckets below
 * p × 100, so raising p only ever adds users.
 */
export function bucketOf(flagKey: string, userId: string): number {
  const digest = createHash("sha256").update(`${flagKey}\u0000${userId}`).digest();
  return Math.floor((digest.readUInt32BE(0) / 2 ** 32) * bucketCount);
}

/** What the flag is evaluated for: the page's user, the caller's roles and the request's locale. */
export interface FlagSubject {
  userId?: string | undefined;
  roles?: readonly string[] | undefined;
  locale?: string | undefined;
}

/** Why a flag has its value, in OpenFeature's reason words (STATIC: a flag without rules, the same for every subject). */
export type FlagReason = "DISABLED" | "STATIC" | "TARGETING_MATCH" | "SPLIT" | "DEFAULT";

/** The outcome of one evaluation: the value, its variant name and why. */
export interface FlagEvaluation {
  value: FlagValue;
  /** `on`/`off` for boolean flags, the value itself for string flags. */
  variant: string;
  reason: FlagReason;
  /** Index of the rule that applied, when one did. */
  ruleIndex?: number;
}

const localeMatches = (wanted: string, actual: string) => actual === wanted || actual.startsWith(`${wanted}-`);

function targetMatches(target: FlagTarget | undefined, subject: FlagSubject): boolean {
  if (!target) return true;
  if (target.userIds && !(subject.userId !== undefined && target.userIds.includes(subject.userId))) return false;
  if (target.roles && !target.roles.some((role) => subject.roles?.includes(role))) return false;
  if (target.locales) {
    const locale = subject.locale?.toLowerCase();
    if (locale === undefined || !target.locales.some((wanted) => localeMatches(wanted.toLowerCase(), locale))) return false;
  }
  return true;
}

function ruleApplies(flagKey: string, rule: FlagRule, subject: FlagSubject): boolean {
  if (!targetMatches(rule.match, subject)) return false;
  if (rule.percentage === undefined) return true;
  // A split needs a stable identity; anonymous callers are never part of a rollout.
  if (subject.userId === undefined) return false;
  return bucketOf(flagKey, subject.userId) < Math.round(rule.percentage * 100);
}

const variantOf = (value: FlagValue) => (typeof value === "boolean" ? (value ? "on" : "off") : value);

/** Evaluates a flag for a subject: off → `offValue`; on → the first applying rule's value, else `defaultValue`. */
export function evaluateFlag(flag: Pick<FlagDefinition, "key" | "enabled" | "offValue" | "defaultValue" | "rules">, subject: FlagSubject): FlagEvaluation {
  if (!flag.enabled) return { value: flag.offValue, variant: variantOf(flag.offValue), reason: "DISABLED" };
  if (flag.rules.length === 0) return { value: flag.defaultValue, variant: variantOf(flag.defaultValue), reason: "STATIC" };
  const ruleIndex = flag.rules.findIndex((rule) => ruleApplies(flag.key, rule, subject));
  if (ruleIndex < 0) return { value: flag.defaultValue, variant: variantOf(flag.defaultValue), reason: "DEFAULT" };
  const rule = flag.rules[ruleIndex]!;
  return { value: rule.value, variant: variantOf(rule.value), reason: rule.percentage === undefined ? "TARGETING_MATCH" : "SPLIT", ruleIndex };
}
