import type { Repositories } from "../../data-access/repositories.js";
import type { StoredPreferences } from "../../data-access/preference-repository.js";
import type { components } from "../../generated/openapi.js";
import { sectionNames } from "../../vocabulary/section-names.js";
import { localHour } from "./local-hour.js";
import { PageReads } from "./page-reads.js";
import type { SectionService } from "./section-service.js";

type Personalization = components["schemas"]["Personalization"];
type Insight = components["schemas"]["Insight"];

/** What a user gets before changing anything. */
export const defaultPreferences = { locale: "en-US", timezone: "UTC", order: [...sectionNames], hidden: [] as string[] } as const;

/** Quick actions every user sees; a host app links them to its own routes. */
const quickActions: Personalization["quickActions"] = [
  { id: "new-task", label: "New task", href: "/tasks/new", icon: "plus" },
  { id: "inbox", label: "Open inbox", href: "/inbox", icon: "inbox" },
  { id: "settings", label: "Settings", href: "/settings", icon: "settings" },
];

const greetingFor = (hour: number) => (hour < 5 ? "Good evening" : hour < 12 ? "Good morning" : hour < 18 ? "Good afternoon" : "Good evening");
const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

/** The welcome line: a time-of-day greeting by first name and what is most pressing. */
export function welcomeMessage(displayName: string, hour: number, counts: { urgent: number; total: number }): string {
  const firstName = displayName.split(/\s+/)[0] ?? displayName;
  const greeting = `${greetingFor(hour)}, ${firstName}.`;
  if (counts.urgent > 0) return `${greeting} You have ${plural(counts.urgent, "urgent item")}.`;
  if (counts.total > 0) return `${greeting} You have ${plural(counts.total, "open item")}.`;
  return `${greeting} You are all caught up.`;
}

/** Insights derived from the same counts the actions section shows, so the two always agree. */
export function insightsFor(counts: { total: number; urgent: number; overdue: number }): Insight[] {
  const insights: Insight[] = [];
  if (counts.overdue > 0) insights.push({ id: "overdue", message: `${plural(counts.overdue, "item")} ${counts.overdue === 1 ? "is" : "are"} past due.`, severity: "warning" });
  if (counts.urgent > 0) insights.push({ id: "urgent", message: `${plural(counts.urgent, "urgent item")} need${counts.urgent === 1 ? "s" : ""} your attention.`, severity: "info" });
  if (counts.total === 0) insights.push({ id: "all-clear", message: "No open items. Nice work.", severity: "success" });
  return insights;
}

/** Applies defaults to stored preferences. */
export function effectivePreferences(stored: StoredPreferences): { locale: string; timezone: string; layout: Personalization["layout"] } {
  return {
    locale: stored.locale ?? defaultPreferences.locale,
    timezone: stored.timezone ?? defaultPreferences.timezone,
    layout: {
      order: stored.layoutOrder ?? [...defaultPreferences.order],
      hidden: stored.layoutHidden ?? [],
    },
  };
}

/** The personalization section: greeting, locale, timezone, quick actions, insights and layout. */
export function personalizationSection(
  repositories: Pick<Repositories, "users" | "preferences" | "actionItems">,
  now: () => Date = () => new Date(),
): SectionService<Personalization> {
  const { users, preferences, actionItems } = repositories;
  return {
    name: "personalization",
    async load(userId, _query, _variant, reads = new PageReads(userId, now())) {
      const { at } = reads;
      const [user, stored, counts] = await Promise.all([reads.userRecord(users), reads.read(preferences.stored(userId)), reads.itemSummary(actionItems)]);
      const displayName = user?.displayName ?? userId;
      const effective = effectivePreferences(stored);
      return {
        displayName,
        welcomeMessage: welcomeMessage(displayName, localHour(at, effective.timezone), counts),
        ...effective,
        quickActions,
        insights: insightsFor(counts),
      };
    },
  };
}
