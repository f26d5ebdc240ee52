import type { Sequelize } from "sequelize";
import type { ActionItemRepository, ItemSummary, StatisticsWindow } from "../../data-access/action-item-repository.js";
import type { Read } from "../../data-access/combined-reads.js";
import { beforeNextBatch, readTogether } from "../../data-access/read-batches.js";
import type { UserRecord, UserRepository } from "../../data-access/user-repository.js";
import { isoInstant } from "../../vocabulary/iso-instant.js";

const dayMs = 86_400_000;
/** How far back streaks are looked for; longer streaks show as this many days. */
const streakHorizonDays = 90;

/** The instants statistics are computed over, from the page's one instant. */
function statisticsWindow(at: Date): StatisticsWindow {
  const before = (days: number) => isoInstant(at.getTime() - days * dayMs);
  return { now: isoInstant(at), weekAgo: before(7), twoWeeksAgo: before(14), horizon: before(streakHorizonDays) };
}

interface Queued {
  read: Read<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/**
 * The reads of one page load. Every read a section asks for before the event
 * loop turns runs in one statement (`data-access/combined-reads.ts`): a miss
 * of the whole page is one round trip on one pooled connection instead of
 * six statements on up to six connections at once, and the page loads of
 * other users that missed in the same turn share it
 * (`data-access/read-batches.ts`). The reads several
 * sections need (the user's row for statistics and personalization, the item
 * summary for their counts and the actions section's) are asked for once.
 *
 * Made for one page load and dropped with it, never kept: the next load reads
 * the database again, so a write the caller made before asking is always seen.
 * The page also has one instant, so its sections agree on what is overdue.
 */
export class PageReads {
  /** The instants the item and activity summaries are counted over. */
  readonly window: StatisticsWindow;
  private confirmation: Promise<boolean> | undefined;
  private readonly shared = new Map<string, Promise<unknown>>();
  private queued: Queued[] = [];

  constructor(
    readonly userId: string,
    readonly at: Date,
  ) {
    this.window = statisticsWindow(at);
  }

  /** `read`'s value, read together with every other read asked for in this turn of the event loop. */
  read<T>(read: Read<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // The batch is made after the promise jobs of this turn: by then every section that missed the cache has asked.
      if (this.queued.length === 0) beforeNextBatch(() => this.flush());
      this.queued.push({ read, resolve: resolve as (value: unknown) => void, reject });
    });
  }

  /** Whether the user exists, when this load checks it (`confirm`); a section of a user who does not is not cached. */
  get confirmed(): Promise<boolean> | undefined {
    return this.confirmation;
  }

  userRecord(users: Pick<UserRepository, "record">): Promise<UserRecord | undefined> {
    return this.once("user", () => users.record(this.userId));
  }

  /**
   * Checks that the user exists with the page's own reads (one statement, no
   * round trip of its own): the user's row, which statistics and
   * personalization read anyway. Call it before the sections ask for their
   * reads, in the same turn.
   */
  confirm(users: Pick<UserRepository, "record">): Promise<boolean> {
    this.confirmation ??= this.userRecord(users).then((user) => user !== undefined);
    return this.confirmation;
  }

  itemSummary(actionItems: Pick<ActionItemRepository, "summary">): Promise<ItemSummary> {
    return this.once("items", () => actionItems.summary(this.userId, this.window));
  }

  private once<T>(name: string, read: () => Read<T>): Promise<T> {
    let value = this.shared.get(name) as Promise<T> | undefined;
    if (value === undefined) {
      value = this.read(read());
      this.shared.set(name, value);
    }
    return value;
  }

  private flush(): void {
    const queued = this.queued;
    this.queued = [];
    // Reads run together only on the same database: a user's reads share one (ReadRouter), but shared reads take the
    // replicas in turn, and a test may mix repositories over two.
    const byDatabase = new Map<Sequelize, Queued[]>();
    for (const entry of queued) {
      const entries = byDatabase.get(entry.read.sequelize);
      if (entries) entries.push(entry);
      else byDatabase.set(entry.read.sequelize, [entry]);
    }
    for (const entries of byDatabase.values()) {
      readTogether(entries.map((entry) => entry.read)).then(
        (outcomes) =>
          entries.forEach((entry, i) => {
            const outcome = outcomes[i]!;
            if (outcome.ok) entry.resolve(outcome.value);
            else entry.reject(outcome.error);
          }),
        (err: unknown) => entries.forEach((entry) => entry.reject(err)),
      );
    }
  }
}
