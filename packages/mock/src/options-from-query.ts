import type { IntroPageMockOptions } from "./create-intro-page-mock.js";
import { isScenarioName, scenarioNames } from "./scenarios.js";

/**
 * Applies `?scenario=` and `?latencyMs=` from a URL query to mock options, so a
 * demo page switches scenarios without code. Query values win over `options`;
 * an unknown scenario is reported through `warn` and ignored.
 */
export function optionsFromQuery(
  search: string,
  options: IntroPageMockOptions,
  warn: (message: string) => void = console.warn,
): IntroPageMockOptions {
  const query = new URLSearchParams(search);
  const result = { ...options };
  const scenario = query.get("scenario");
  if (scenario !== null) {
    if (isScenarioName(scenario)) result.scenario = scenario;
    else warn(`[intro-page mock] ignoring ?scenario=${scenario}; use one of: ${scenarioNames.join(", ")}.`);
  }
  const latency = query.get("latencyMs");
  if (latency !== null && /^\d+$/.test(latency)) result.latencyMs = Number(latency);
  return result;
}
