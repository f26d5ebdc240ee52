import type { Statistics } from "../schema.js";
import type { UserRecord } from "../state/mock-state.js";

/** Generic metrics that fit any host domain, derived from the user's state so completions show up. */
export function statisticsOf(user: UserRecord): Statistics {
  const { profile } = user;
  const open = [...user.items.values()].filter((stored) => stored.state === "open").length;
  const completedHere = [...user.items.values()].filter((stored) => stored.state === "completed").length;
  return {
    metrics: [
      { key: "tasksCompleted", label: "Tasks completed", value: user.completedThisWeek, unit: "count", trend: { direction: completedHere > 0 ? "up" : "flat", delta: completedHere, period: "week" } },
      { key: "openItems", label: "Open items", value: open, unit: "count" },
      {
        key: "focusTime",
        label: "Focus time",
        value: profile.focusHours,
        unit: "hours",
        trend: { direction: profile.focusTrendDelta > 0 ? "up" : profile.focusTrendDelta < 0 ? "down" : "flat", delta: profile.focusTrendDelta, period: "week" },
      },
      { key: "responseRate", label: "Response rate", value: profile.responseRatePercent, unit: "percent" },
    ],
    // Each completion made against the mock nudges the score, so the UI has something to show.
    productivityScore: Math.min(100, profile.baseProductivityScore + 2 * completedHere),
    streakDays: profile.streakDays,
    lastActiveAt: user.lastActiveAt,
  };
}
