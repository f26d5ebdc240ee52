import type { Repositories } from "../../data-access/repositories.js";
import type { components } from "../../generated/openapi.js";
import type { SectionService } from "./section-service.js";
import { streakDays } from "./streak.js";

type Statistics = components["schemas"]["Statistics"];
type Trend = components["schemas"]["Trend"];

const dayMs = 86_400_000;
/** How far back streaks are looked for; longer streaks show as this many days. */
const streakHorizonDays = 90;

const weekTrend = (current: number, previous: number): Trend => ({
  direction: current > previous ? "up" : current < previous ? "down" : "flat",
  delta: current - previous,
  period: "week",
});

/**
 * A productivity score from 0 to 100: completions this week weigh most,
 * a running streak helps, overdue items cost. Deliberately simple so a
 * user can see why it moved.
 */
export function productivityScore(input: { completedThisWeek: number; streakDays: number; overdue: number }): number {
  const raw = 20 + Math.min(input.completedThisWeek * 8, 60) + Math.min(input.streakDays * 4, 20) - input.overdue * 5;
  return Math.max(0, Math.min(100, Math.round(raw)));
}

/** The statistics section: generic metrics over actions and activity, with week-over-week trends. */
export function statisticsSection(repositories: Pick<Repositories, "actionItems" | "activity" | "users">, now: () => Date = () => new Date()): SectionService<Statistics> {
  const { actionItems, activity, users } = repositories;
  return {
    name: "statistics",
    async load(userId) {
      const at = now();
      const weekAgo = new Date(at.getTime() - 7 * dayMs);
      const twoWeeksAgo = new Date(at.getTime() - 14 * dayMs);
      const horizon = new Date(at.getTime() - streakHorizonDays * dayMs);
      const [user, open, completedThisWeek, completedLastWeek, activityThisWeek, activityLastWeek, completionDays, activeDays] = await Promise.all([
        users.find(userId),
        actionItems.countOpen(userId, at),
        actionItems.countCompleted(userId, weekAgo, at),
        actionItems.countCompleted(userId, twoWeeksAgo, weekAgo),
        activity.countBetween(userId, weekAgo, at),
        activity.countBetween(userId, twoWeeksAgo, weekAgo),
        actionItems.completionDays(userId, horizon),
        activity.activeDays(userId, horizon),
      ]);
      const streak = streakDays([...completionDays, ...activeDays], at);
      return {
        metrics: [
          { key: "tasksCompleted", label: "Completed this week", value: completedThisWeek, unit: "count", trend: weekTrend(completedThisWeek, completedLastWeek) },
          { key: "openItems", label: "Open items", value: open.total, unit: "count" },
          { key: "urgentItems", label: "Urgent items", value: open.urgent, unit: "count" },
          { key: "overdueItems", label: "Overdue items", value: open.overdue, unit: "count" },
          { key: "activityEvents", label: "Activity this week", value: activityThisWeek, unit: "count", trend: weekTrend(activityThisWeek, activityLastWeek) },
        ],
        productivityScore: productivityScore({ completedThisWeek, streakDays: streak, overdue: open.overdue }),
        streakDays: streak,
        lastActiveAt: user?.lastActiveAt ?? null,
      };
    },
  };
}
