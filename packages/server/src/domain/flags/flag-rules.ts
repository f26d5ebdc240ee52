import type { FlagDefinition, FlagSettings, FlagValue } from "../../vocabulary/feature-flags.js";

/** One problem with proposed settings, with a JSON pointer into the request body. */
export interface FlagSettingsIssue {
  pointer: string;
  detail: string;
}

/**
 * Checks what the contract's schema cannot: every value has the flag's
 * kind (and for string flags is one the product understands). Shape and
 * ranges (percentage 0–100, list sizes) are the contract's job.
 */
export function settingsIssues(flag: Pick<FlagDefinition, "kind" | "allowedValues">, settings: FlagSettings): FlagSettingsIssue[] {
  const issues: FlagSettingsIssue[] = [];
  const check = (value: FlagValue, pointer: string) => {
    if (typeof value !== flag.kind) issues.push({ pointer, detail: `must be a ${flag.kind}, like the flag` });
    else if (flag.kind === "string" && !flag.allowedValues.includes(value as string)) {
      issues.push({ pointer, detail: `must be one of ${flag.allowedValues.join(", ")}` });
    }
  };
  check(settings.offValue, "/body/offValue");
  check(settings.defaultValue, "/body/defaultValue");
  settings.rules.forEach((rule, i) => check(rule.value, `/body/rules/${i}/value`));
  return issues;
}
