// One place that turns state into a section envelope, so the page and the
// section endpoints always agree.
import type { MockRuntime } from "../mock-runtime.js";
import type { SectionEnvelope, SectionName } from "../schema.js";
import type { UserRecord } from "../state/mock-state.js";
import { actionsOf } from "./actions.js";
import { activityPageOf, defaultActivityLimit } from "./activity.js";
import type { ActivityPosition } from "./activity-cursor.js";
import { personalizationOf } from "./personalization.js";
import { envelope, userAsSeen } from "./section-views.js";
import { statisticsOf } from "./statistics.js";
import { systemOverviewOf } from "./system.js";

/** Where an activity read starts and how much it returns. */
export interface ActivityWindow {
  limit: number;
  after?: ActivityPosition;
}

/** Reads one section of `user` (none for `system`, which all users share) as the current scenario presents it. */
export function readSection<Name extends SectionName>(
  runtime: MockRuntime,
  user: UserRecord | undefined,
  section: Name,
  nowMs: number,
  activity: ActivityWindow = { limit: defaultActivityLimit },
): SectionEnvelope<Name> {
  const seenUser = () => {
    if (!user) throw new Error(`The ${section} section belongs to a user; none was given.`);
    return userAsSeen(user, runtime.scenario);
  };
  const data = {
    statistics: () => statisticsOf(seenUser()),
    actions: () => actionsOf(seenUser(), nowMs),
    activity: () => activityPageOf(seenUser(), activity.limit, activity.after),
    personalization: () => personalizationOf(seenUser(), nowMs),
    system: () => systemOverviewOf(runtime.state, nowMs, runtime.scenario),
  }[section] as () => SectionEnvelope<Name>["data"];
  const result = envelope(section, runtime.scenario, nowMs, data);
  runtime.telemetry.recordSection(section, result.status);
  return result;
}

/** The part of an envelope an ETag is computed from: everything but the volatile `asOf`. */
export function etagSourceOf(section: SectionEnvelope<SectionName>): unknown {
  return { status: section.status, data: section.data, error: section.error };
}
