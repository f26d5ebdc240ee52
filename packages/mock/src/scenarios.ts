/**
 * Every scenario the mock can play, in the order the README documents them.
 * `default` behaves like a healthy server; the others reproduce one situation a UI must handle.
 */
export const scenarioNames = [
  "default",
  "empty",
  "slow",
  "degraded",
  "server-error",
  "unauthorized",
  "rate-limited",
  "offline",
] as const;

/** The name of a scenario (see {@link scenarioNames}). */
export type ScenarioName = (typeof scenarioNames)[number];

/** True when `value` names a scenario; use it to validate a query parameter or env variable. */
export function isScenarioName(value: unknown): value is ScenarioName {
  return typeof value === "string" && (scenarioNames as readonly string[]).includes(value);
}
