// The mock's in-memory "database". Handlers read sections from it and
// commands change it, so later reads see earlier writes like on a real server.
import type { ActionItem, ActivityItem, Insight, QuickAction, SectionName, SystemOverview } from "../schema.js";

/** Where an actionable item is in its life. Only `open` items appear in the actions section. */
export type ItemState = "open" | "completed" | "dismissed";

/** An actionable item with its state; `settledAt` is when it was first completed or dismissed. */
export interface StoredItem {
  item: ActionItem;
  state: ItemState;
  settledAt?: string;
}

/** What a user looks like before any preference is changed. */
export interface UserProfile {
  id: string;
  displayName: string;
  locale: string;
  timezone: string;
  quickActions: QuickAction[];
  /** Insights that do not derive from state (tips, recognitions). */
  insights: Insight[];
  focusHours: number;
  focusTrendDelta: number;
  responseRatePercent: number;
  streakDays: number;
  /** Productivity before any completion made against the mock. */
  baseProductivityScore: number;
}

/** The stored preference overrides; `null` means "use the profile's default". */
export interface StoredPreferences {
  locale: string | null;
  timezone: string | null;
  order: SectionName[] | null;
  hidden: SectionName[] | null;
}

/** Everything the mock knows about one user. */
export interface UserRecord {
  profile: UserProfile;
  preferences: StoredPreferences;
  items: Map<string, StoredItem>;
  /** Newest first by (`occurredAt`, `id`), the order the activity endpoint pages through. */
  activity: ActivityItem[];
  /** Items completed this week (fixture baseline plus completions made against the mock). */
  completedThisWeek: number;
  lastActiveAt: string | null;
}

/** The whole mutable state of one mock. */
export interface MockState {
  users: Map<string, UserRecord>;
  /** `eventId`s already applied, so a retried batch is counted as duplicates. */
  seenEventIds: Set<string>;
  system: SystemOverview;
}

/** Keeps `activity` newest first; equal timestamps are ordered by id so cursors are stable. */
export function compareActivityNewestFirst(a: Pick<ActivityItem, "occurredAt" | "id">, b: Pick<ActivityItem, "occurredAt" | "id">): number {
  if (a.occurredAt !== b.occurredAt) return a.occurredAt < b.occurredAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

/** Inserts an activity entry at its place in newest-first order. */
export function insertActivity(user: UserRecord, entry: ActivityItem): void {
  const at = user.activity.findIndex((existing) => compareActivityNewestFirst(entry, existing) <= 0);
  user.activity.splice(at === -1 ? user.activity.length : at, 0, entry);
}
