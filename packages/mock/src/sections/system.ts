import type { ScenarioName } from "../scenarios.js";
import type { SystemOverview } from "../schema.js";
import type { MockState } from "../state/mock-state.js";

/**
 * The system section's data: shared by every user; expired announcements drop out.
 * `degraded` reports a degraded system; `empty` shows no announcements.
 */
export function systemOverviewOf(state: MockState, nowMs: number, scenario: ScenarioName): SystemOverview {
  if (scenario === "empty") return { ...state.system, announcements: [] };
  return {
    ...state.system,
    status: scenario === "degraded" ? "degraded" : state.system.status,
    announcements: state.system.announcements.filter((announcement) => !announcement.expiresAt || Date.parse(announcement.expiresAt) > nowMs).map((a) => ({ ...a })),
  };
}
