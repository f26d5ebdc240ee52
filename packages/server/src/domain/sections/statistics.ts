import type { Repositories } from "../../data-access/repositories.js";
import type { components } from "../../generated/openapi.js";
import { PageReads } from "./page-reads.js";
import type { SectionService } from "./section-service.js";
import { streakDays } from "./streak.js";

type Statistics = components["schemas"]["Statistics"];
type Trend = components["schemas"]["Trend"];

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
    async load(userId, _query, _variant, reads = new PageReads(userId, now())) {
      const { at } = reads;
      // Three reads; the user's row and the item summary are shared with the page's other sections.
      const [user, items, recent] = await Promise.all([reads.userRecord(users), reads.itemSummary(actionItems), reads.read(activity.summary(userId, reads.window))]);
      const streak = streakDays([...items.completionDays, ...recent.activeDays], at);
      return {
        metrics: [
          { key: "tasksCompleted", label: "Completed this week", value: items.completedThisWeek, unit: "count", trend: weekTrend(items.completedThisWeek, items.completedLastWeek) },
          { key: "openItems", label: "Open items", value: items.total, unit: "count" },
          { key: "urgentItems", label: "Urgent items", value: items.urgent, unit: "count" },
          { key: "overdueItems", label: "Overdue items", value: items.overdue, unit: "count" },
          { key: "activityEvents", label: "Activity this week", value: recent.thisWeek, unit: "count", trend: weekTrend(recent.thisWeek, recent.lastWeek) },
        ],
        productivityScore: productivityScore({ completedThisWeek: items.completedThisWeek, streakDays: streak, overdue: items.overdue }),
        streakDays: streak,
        lastActiveAt: user?.lastActiveAt ?? null,
      };
    },
  };
}
