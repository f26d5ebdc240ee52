import type { ActionItem, SectionName, SystemOverview } from "../page-model.js";

/** Why the page (or its latest refresh) could not be loaded, in the words the user sees. */
export type LoadProblem = "offline" | "unreachable" | "timeout" | "busy" | "unauthorized" | "forbidden" | "notFound" | "failing";

/** Severity of an insight or an announcement. */
export type Severity = "info" | "success" | "warning" | "critical";

/** The forms a plural message can take; `other` is required, the rest follow `Intl.PluralRules`. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/**
 * Every string `<intro-page>` shows or announces, for one language. Values
 * the widget formats itself (numbers, dates, "in 8 seconds") arrive already
 * formatted by `Intl` for the page's locale. A message that depends on a count
 * returns its plural forms ({@link PluralForms}); the widget picks one with
 * `Intl.PluralRules` for the catalogue's `lang`. Catalogues import nothing, so
 * each language is a chunk of its own.
 */
export interface Messages {
  /** BCP 47 tag of the language, set as `lang` on the widget. */
  lang: string;
  /** Writing direction, set as `dir` on the widget. */
  dir: "ltr" | "rtl";

  /** Title and explanation of each load problem (the page error, and the notice above loaded content). */
  problems: Record<LoadProblem, { title: string; detail: string }>;
  /** Notice above content that could not be refreshed: "Showing what was loaded 3 minutes ago." */
  showingLoaded(ago: string): string;
  /** The countdown to the next attempt; `when` is relative, e.g. "in 8 seconds". */
  retryIn(when: string): string;
  /** Said once when the page loads again after a problem. */
  recovered: string;
  /** The page error's button. */
  tryAgain: string;

  /** Section headings (personalization is the welcome section). */
  headings: Record<SectionName, string>;
  /** The welcome heading once the user's name is known. */
  welcomeBack(name: string): string;
  /** A section showing its last good data: `asOf` is relative, e.g. "5 minutes ago". */
  sectionStale(asOf: string): string;
  /** A section that cannot be shown at all. */
  sectionUnavailable: string;
  /** Visible label before a severity-marked insight or announcement. */
  severities: Record<Severity, string>;

  insights: string;
  quickActions: string;

  /** Summary line under the statistics: score, streak, last activity. */
  productivityScore(score: string): string;
  streak(count: string): PluralForms;
  lastActive(ago: string): string;
  trend(direction: "up" | "down" | "flat", delta: string, period: "day" | "week" | "month"): string;
  noStatistics: string;

  /** "12 open · 3 urgent · 1 overdue" in parts. */
  openCount(count: string): PluralForms;
  urgentCount(count: string): PluralForms;
  overdueCount(count: string): PluralForms;
  openItems: string;
  kinds: Record<ActionItem["kind"], string>;
  priorities: Record<ActionItem["priority"], string>;
  due(when: string): string;
  overdue(when: string): string;
  complete: string;
  dismiss: string;
  allCaughtUp: string;
  completed(title: string): string;
  dismissed(title: string): string;
  actionFailed(action: "complete" | "dismiss", title: string): string;
  newUrgent(count: string, titles: string): PluralForms;
  /** Keyboard help of the item list (arrow keys move between items). */
  listHint: string;
  /** The link that skips past a long list. */
  skipList(heading: string): string;

  activityList: string;
  /** One activity entry without its object: "Anna commented on". Unknown verbs arrive humanized. */
  activity(actor: string, verb: string): string;
  /** Known activity verbs; others are shown as the API sends them, underscores as spaces. */
  verbs: Partial<Record<string, string>>;
  noActivity: string;
  loadMore: string;
  loadingMore: string;
  loadedMore(count: string): PluralForms;
  olderUnavailable: string;
  loadMoreFailed: string;

  systemStatus: Record<SystemOverview["status"], string>;
  activeToday(count: string): PluralForms;
  announcements: string;
  noAnnouncements: string;
  readMore: string;
  /** Visually hidden end of "Read more" that names the announcement. */
  readMoreAbout(title: string): string;
}

/** A host's catalogue: any subset of {@link Messages}, laid over the built-in one for the locale. */
export type MessageOverrides = Partial<Messages>;

const pluralRules = new Map<string, Intl.PluralRules>();

/** The form of `forms` that `count` takes in `lang` (by `Intl.PluralRules`); `other` when the catalogue has no such form. */
export function plural(lang: string, count: number, forms: PluralForms): string {
  let rules = pluralRules.get(lang);
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(lang)));
  return forms[rules.select(count)] ?? forms.other;
}
