// The mock's feature flags: the reference server's installed flags, changed
// through the admin API with the same optimistic concurrency and audit trail.
// The mock applies each flag's kill switch and default value; targeting rules
// and rollouts are stored and shown but evaluated only by the reference server.
import type { FeatureFlag, FeatureFlagChange, FeatureFlagPatch, SectionName } from "../schema.js";

type Settings = FeatureFlagChange["from"];

const sectionFlag = (name: SectionName, description: string): FeatureFlag => ({
  key: `section.${name}`,
  kind: "boolean",
  description,
  allowedValues: [],
  enabled: true,
  offValue: false,
  defaultValue: true,
  rules: [],
  version: 1,
  updatedAt: "2026-11-01T00:00:00.000Z",
  updatedBy: null,
});

/** The flags as migrations/0002_feature_flags.up.sql installs them. */
function installedFlags(): FeatureFlag[] {
  return [
    sectionFlag("personalization", "Shows the personalization section (greeting, quick actions, insights)."),
    sectionFlag("actions", "Shows the actions section (open actionable items)."),
    sectionFlag("statistics", "Shows the statistics section."),
    sectionFlag("activity", "Shows the activity section."),
    sectionFlag("system", "Shows the system section (status and announcements)."),
    {
      key: "actions.ordering",
      kind: "string",
      description: "How open action items are ordered: most pressing first (priority-first) or soonest due first (due-first).",
      allowedValues: ["priority-first", "due-first"],
      enabled: true,
      offValue: "priority-first",
      defaultValue: "priority-first",
      rules: [],
      version: 1,
      updatedAt: "2026-11-01T00:00:00.000Z",
      updatedBy: null,
    },
  ];
}

const settingsOf = (flag: Settings): Settings => ({ enabled: flag.enabled, offValue: flag.offValue, defaultValue: flag.defaultValue, rules: flag.rules });

/** What a conditional update ended as. */
export type FlagUpdate = { outcome: "updated"; flag: FeatureFlag } | { outcome: "stale"; flag: FeatureFlag } | { outcome: "invalid"; issues: Array<{ pointer: string; detail: string }> };

/** The mock's flags and their audit trail. */
export class MockFlags {
  private flags = new Map(installedFlags().map((flag) => [flag.key, flag]));
  private audit: FeatureFlagChange[] = [];

  /** Every flag, by key. */
  list(): FeatureFlag[] {
    return [...this.flags.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  get(key: string): FeatureFlag | undefined {
    return this.flags.get(key);
  }

  /** True unless the section's flag is switched off (or serves false by default). */
  showsSection(name: SectionName): boolean {
    const flag = this.flags.get(`section.${name}`);
    return !flag || (flag.enabled ? flag.defaultValue : flag.offValue) !== false;
  }

  /** Applies `patch` when the flag is still at `version`; values must fit the flag's kind, as on the server. */
  update(flag: FeatureFlag, version: number, patch: FeatureFlagPatch, actor: string, requestId: string, nowMs: number): FlagUpdate {
    if (flag.version !== version) return { outcome: "stale", flag };
    const next: Settings = { ...settingsOf(flag), ...patch } as Settings;
    const issues: Array<{ pointer: string; detail: string }> = [];
    const check = (value: unknown, pointer: string) => {
      if (typeof value !== flag.kind) issues.push({ pointer, detail: `must be a ${flag.kind}, like the flag` });
      else if (flag.kind === "string" && !flag.allowedValues.includes(value as string)) issues.push({ pointer, detail: `must be one of ${flag.allowedValues.join(", ")}` });
    };
    check(next.offValue, "/body/offValue");
    check(next.defaultValue, "/body/defaultValue");
    next.rules.forEach((rule, i) => check(rule.value, `/body/rules/${i}/value`));
    if (issues.length > 0) return { outcome: "invalid", issues };
    const changed: FeatureFlag = { ...flag, ...next, version: flag.version + 1, updatedAt: new Date(nowMs).toISOString(), updatedBy: actor };
    this.flags.set(flag.key, changed);
    this.audit.unshift({ id: this.audit.length + 1, flagKey: flag.key, changedBy: actor, changedAt: changed.updatedAt, from: settingsOf(flag), to: next, requestId });
    return { outcome: "updated", flag: changed };
  }

  /** A flag's changes, newest first. */
  history(key: string, limit: number): FeatureFlagChange[] {
    return this.audit.filter((change) => change.flagKey === key).slice(0, limit);
  }
}
