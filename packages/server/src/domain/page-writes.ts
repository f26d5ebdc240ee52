import { createHash } from "node:crypto";
import type { SectionCache } from "../cache/section-cache.js";
import type { Repositories } from "../data-access/repositories.js";
import type { StoredPreferences } from "../data-access/preference-repository.js";
import { AppError, type ValidationIssue } from "../errors/app-error.js";
import type { components } from "../generated/openapi.js";
import { selectorsFor, type Change } from "./invalidation.js";

type ActionOutcome = components["schemas"]["ActionOutcome"];
type PreferencesPatch = components["schemas"]["PreferencesPatch"];
type EventBatch = components["schemas"]["EventBatch"];
type EventBatchResult = components["schemas"]["EventBatchResult"];

/** The write use cases. Each commits in one transaction, then invalidates exactly the cache entries it changed. */
export interface PageWrites {
  /**
   * Completes or dismisses an item. Idempotent: repeating the same final
   * state returns the original outcome; the other final state is a 409.
   */
  settleItem(userId: string, itemId: string, state: ActionOutcome["state"]): Promise<ActionOutcome>;
  /** Applies a JSON merge patch (RFC 7396) to the user's preferences. */
  updatePreferences(userId: string, patch: PreferencesPatch): Promise<void>;
  /** Stores a batch of events, skipping eventIds already applied. All or nothing. */
  ingestEvents(batch: EventBatch): Promise<EventBatchResult>;
}

/** Activity ids are derived from the sender's eventId so a replay can never create a twin. */
export const activityIdFor = (eventId: string) => `evt_${createHash("sha256").update(eventId).digest("base64url").slice(0, 22)}`;

/** 422 issues for sections listed twice in a layout list. */
function duplicateIssues(list: ReadonlyArray<string> | null | undefined, pointer: string): ValidationIssue[] {
  if (!list) return [];
  const seen = new Set<string>();
  const issues: ValidationIssue[] = [];
  list.forEach((section, index) => {
    if (seen.has(section)) issues.push({ pointer: `${pointer}/${index}`, detail: `duplicate section "${section}"` });
    seen.add(section);
  });
  return issues;
}

/** True when this runtime knows the IANA zone (the contract's pattern admits names like `Mars/Base`). */
function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** How far ahead of our clock an activity may be dated (clock skew between systems), no further. */
const maxFutureSkewMs = 86_400_000;

/** 422 issues for activity dated implausibly far in the future. */
function futureActivityIssues(batch: EventBatch, now: Date): ValidationIssue[] {
  return batch.events.flatMap((event, index) =>
    event.type === "activity" && new Date(event.occurredAt).getTime() > now.getTime() + maxFutureSkewMs
      ? [{ pointer: `/body/events/${index}/occurredAt`, detail: "is more than a day in the future" }]
      : [],
  );
}

/** RFC 7396 for our flat fields: absent keeps, null resets to the default, a value replaces. */
function mergePreferences(stored: StoredPreferences, patch: PreferencesPatch): StoredPreferences {
  const pick = <T>(current: T | null, next: T | null | undefined): T | null => (next === undefined ? current : next);
  return {
    locale: pick(stored.locale, patch.locale),
    timezone: pick(stored.timezone, patch.timezone),
    layoutOrder: pick(stored.layoutOrder, patch.layout?.order),
    layoutHidden: pick(stored.layoutHidden, patch.layout?.hidden),
  };
}

/** Options of `createPageWrites`. */
export interface PageWritesOptions {
  now?: () => Date;
  /** Days an eventId is remembered for deduplication (default 30). */
  dedupeRetentionDays?: number;
}

const hourMs = 3_600_000;

/** Creates the write use cases over the repositories and the cache they invalidate. */
export function createPageWrites(repositories: Repositories, cache: SectionCache, options: PageWritesOptions = {}): PageWrites {
  const { sequelize, users, actionItems, activity, preferences, processedEvents } = repositories;
  const now = options.now ?? (() => new Date());
  const retentionMs = (options.dedupeRetentionDays ?? 30) * 24 * hourMs;
  let lastPrune = 0;
  /** At most hourly per process, after a batch: forget eventIds past the retention, a bounded batch at a time. */
  const pruneLedger = async (at: Date) => {
    if (at.getTime() - lastPrune < hourMs) return;
    lastPrune = at.getTime();
    await processedEvents.prune(new Date(at.getTime() - retentionMs), 10_000);
  };

  const invalidate = async (changes: Array<{ userId: string; change: Change }>) => {
    await Promise.all(selectorsFor(changes).map((selector) => cache.invalidate(selector)));
  };
  const noUser = (userId: string) => new AppError(404, `No user with id "${userId}".`);

  return {
    async settleItem(userId, itemId, state) {
      const at = now();
      const outcome = await sequelize.transaction(async (transaction) => {
        if (!(await users.find(userId, transaction))) throw noUser(userId);
        const item = await actionItems.lockState(userId, itemId, transaction);
        if (!item) throw new AppError(404, `No item "${itemId}" for user "${userId}".`);
        if (item.state === state) return { outcome: { id: itemId, state, at: item.stateChangedAt ?? at.toISOString() }, changed: false };
        if (item.state !== "open") throw new AppError(409, `Item ${itemId} was already ${item.state}.`);
        await actionItems.setState(userId, itemId, state, at, transaction);
        await users.touch(userId, at, transaction);
        return { outcome: { id: itemId, state, at: at.toISOString() }, changed: true };
      });
      if (outcome.changed) await invalidate([{ userId, change: "itemChanged" }, { userId, change: "userActed" }]);
      return outcome.outcome;
    },

    async updatePreferences(userId, patch) {
      const issues = [...duplicateIssues(patch.layout?.order, "/body/layout/order"), ...duplicateIssues(patch.layout?.hidden, "/body/layout/hidden")];
      if (typeof patch.timezone === "string" && !isKnownTimeZone(patch.timezone)) issues.push({ pointer: "/body/timezone", detail: `unknown time zone "${patch.timezone}"` });
      if (issues.length > 0) {
        throw new AppError(422, `The preferences cannot be applied: ${issues.map((i) => i.detail).join(", ")}.`, { errors: issues });
      }
      const at = now();
      await sequelize.transaction(async (transaction) => {
        if (!(await users.find(userId, transaction))) throw noUser(userId);
        const stored = await preferences.get(userId, transaction);
        await preferences.save(userId, mergePreferences(stored, patch), at, transaction);
        await users.touch(userId, at, transaction);
      });
      await invalidate([{ userId, change: "preferencesChanged" }, { userId, change: "userActed" }]);
    },

    async ingestEvents(batch) {
      const at = now();
      const issues = futureActivityIssues(batch, at);
      if (issues.length > 0) throw new AppError(422, "Activity cannot happen more than a day in the future; check the sender's clock.", { errors: issues });
      const changes: Array<{ userId: string; change: Change }> = [];
      const result = await sequelize.transaction(async (transaction) => {
        const missing = await users.missing([...new Set(batch.events.map((event) => event.userId))], transaction);
        if (missing.length > 0) {
          throw new AppError(404, `No user with id ${missing.map((id) => `"${id}"`).join(", ")}; nothing in the batch was stored.`, {
            errors: batch.events.flatMap((event, index) => (missing.includes(event.userId) ? [{ pointer: `/body/events/${index}/userId`, detail: "no such user" }] : [])),
          });
        }
        let accepted = 0;
        let duplicates = 0;
        // In order, so a batch that updates the same item twice ends with the later version.
        for (const event of batch.events) {
          if (!(await processedEvents.claim(event.eventId, event.userId, at, transaction))) {
            duplicates++;
            continue;
          }
          accepted++;
          if (event.type === "action") {
            await actionItems.upsert(event.userId, event.item, at, transaction);
            changes.push({ userId: event.userId, change: "itemChanged" });
          } else {
            const { actor, verb, object, occurredAt } = event;
            await activity.insert(event.userId, { id: activityIdFor(event.eventId), actor, verb, object, occurredAt: new Date(occurredAt).toISOString() }, transaction);
            changes.push({ userId: event.userId, change: "activityAdded" });
          }
        }
        return { accepted, duplicates };
      });
      await invalidate(changes);
      // Housekeeping must never fail the batch that was just stored.
      await pruneLedger(at).catch(() => undefined);
      return result;
    },
  };
}
