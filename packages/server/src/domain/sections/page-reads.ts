import type { ActionItemRepository, ItemSummary, StatisticsWindow } from "../../data-access/action-item-repository.js";
import type { UserRecord, UserRepository } from "../../data-access/user-repository.js";

const dayMs = 86_400_000;
/** How far back streaks are looked for; longer streaks show as this many days. */
const streakHorizonDays = 90;

/** The instants statistics are computed over, from the page's one instant. */
function statisticsWindow(at: Date): StatisticsWindow {
  return {
    now: at,
    weekAgo: new Date(at.getTime() - 7 * dayMs),
    twoWeeksAgo: new Date(at.getTime() - 14 * dayMs),
    horizon: new Date(at.getTime() - streakHorizonDays * dayMs),
  };
}

/** What the caller already read for this page load (the existence check reads the user's row). */
export interface KnownReads {
  user?: UserRecord | undefined;
}

/**
 * The reads several sections of one page load need, made once for that load:
 * the user's row (statistics, personalization) and the summary of their items
 * (open counts for actions and personalization, completions for statistics).
 * A miss of the whole page runs six queries instead of ten.
 *
 * Made for one page load and dropped with it, never kept: the next load reads
 * the database again, so a write the caller made before asking is always seen.
 * The page also has one instant, so its sections agree on what is overdue.
 */
export class PageReads {
  /** The instants the item and activity summaries are counted over. */
  readonly window: StatisticsWindow;
  private user: Promise<UserRecord | undefined> | undefined;
  private items: Promise<ItemSummary> | undefined;

  constructor(
    readonly userId: string,
    readonly at: Date,
    known: KnownReads = {},
  ) {
    this.window = statisticsWindow(at);
    if (known.user) this.user = Promise.resolve(known.user);
  }

  userRecord(users: Pick<UserRepository, "find">): Promise<UserRecord | undefined> {
    return (this.user ??= users.find(this.userId));
  }

  itemSummary(actionItems: Pick<ActionItemRepository, "summarize">): Promise<ItemSummary> {
    return (this.items ??= actionItems.summarize(this.userId, this.window));
  }
}
