import type { Insight, Personalization } from "../schema.js";
import { sectionNames } from "../generated/contract.js";
import type { UserRecord } from "../state/mock-state.js";
import { actionsOf } from "./actions.js";

/** Formatters by time zone: creating an Intl.DateTimeFormat costs far more than using one. */
const hourFormatters = new Map<string, Intl.DateTimeFormat>();

/** The hour of day in the user's time zone, for the greeting. */
function localHour(nowMs: number, timezone: string): number {
  let formatter = hourFormatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", { hour: "numeric", hourCycle: "h23", timeZone: timezone });
    hourFormatters.set(timezone, formatter);
  }
  return Number(formatter.format(nowMs));
}

function greeting(hour: number): string {
  if (hour < 5) return "Good evening";
  if (hour < 12) return "Good morning";
  if (hour < 18) return "Good afternoon";
  return "Good evening";
}

/** The personalization section's data: preferences over the profile's defaults, with a state-aware welcome. */
export function personalizationOf(user: UserRecord, nowMs: number): Personalization {
  const { profile, preferences } = user;
  const timezone = preferences.timezone ?? profile.timezone;
  const actions = actionsOf(user, nowMs);
  const firstName = profile.displayName.split(" ")[0] ?? profile.displayName;
  const pending =
    actions.urgent > 0
      ? ` You have ${actions.urgent} urgent ${actions.urgent === 1 ? "item" : "items"}.`
      : actions.total > 0
        ? ` You have ${actions.total} open ${actions.total === 1 ? "item" : "items"}.`
        : user.activity.length === 0
          ? " Welcome aboard! Your page fills up as you work."
          : " You are all caught up.";
  const insights: Insight[] = [];
  if (profile.streakDays > 0) insights.push({ id: "streak", message: `You are on a ${profile.streakDays}-day streak.`, severity: "success" });
  if (actions.overdue > 0) {
    insights.push({ id: "overdue", message: `${actions.overdue} ${actions.overdue === 1 ? "item is" : "items are"} past due.`, severity: "warning" });
  }
  insights.push(...profile.insights);
  return {
    displayName: profile.displayName,
    welcomeMessage: `${greeting(localHour(nowMs, timezone))}, ${firstName}.${pending}`,
    locale: preferences.locale ?? profile.locale,
    timezone,
    quickActions: profile.quickActions.map((action) => ({ ...action })),
    insights,
    layout: { order: [...(preferences.order ?? sectionNames)], hidden: [...(preferences.hidden ?? [])] },
  };
}
