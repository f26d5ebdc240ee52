// How each scenario changes what the sections show. State is never changed
// by a scenario: switching back shows everything as it was.
import type { ScenarioName } from "../scenarios.js";
import type { SectionEnvelope, SectionError, SectionName } from "../schema.js";
import type { UserRecord } from "../state/mock-state.js";

/** How a section fails in the `degraded` scenario; sections not listed stay `ok`. */
const degradedSections: Partial<Record<SectionName, { status: "stale" | "unavailable"; error: SectionError }>> = {
  statistics: { status: "unavailable", error: { code: "error", message: "The statistics service failed; no copy to fall back on." } },
  activity: { status: "stale", error: { code: "timeout", message: "Section did not answer within 80 ms; serving the last good copy." } },
  system: { status: "unavailable", error: { code: "circuit_open", message: "The system section is failing; try again shortly." } },
};

/** How long ago a stale copy was computed in the `degraded` scenario. */
const staleAgeMs = 5 * 60_000;

/** True when `section` is stale or unavailable in `scenario`. */
export function isDegraded(scenario: ScenarioName, section: SectionName): boolean {
  return scenario === "degraded" && degradedSections[section] !== undefined;
}

/** Wraps section data in its envelope the way the scenario says: `ok`, `stale` (old copy) or `unavailable` (no data). */
export function envelope<Name extends SectionName>(
  section: Name,
  scenario: ScenarioName,
  nowMs: number,
  data: () => SectionEnvelope<Name>["data"],
): SectionEnvelope<Name> {
  const failure = scenario === "degraded" ? degradedSections[section] : undefined;
  if (!failure) return { status: "ok", asOf: new Date(nowMs).toISOString(), data: data() };
  if (failure.status === "stale") return { status: "stale", asOf: new Date(nowMs - staleAgeMs).toISOString(), data: data(), error: { ...failure.error } };
  return { status: "unavailable", asOf: new Date(nowMs).toISOString(), data: null, error: { ...failure.error } };
}

/**
 * The user as the scenario presents them: in `empty` every user looks brand new
 * (no items, no activity, no history) while keeping their name and preferences.
 */
export function userAsSeen(user: UserRecord, scenario: ScenarioName): UserRecord {
  if (scenario !== "empty") return user;
  return {
    profile: { ...user.profile, insights: [], focusHours: 0, focusTrendDelta: 0, responseRatePercent: 0, streakDays: 0, baseProductivityScore: 0 },
    preferences: user.preferences,
    items: new Map(),
    activity: [],
    completedThisWeek: 0,
    lastActiveAt: null,
  };
}
