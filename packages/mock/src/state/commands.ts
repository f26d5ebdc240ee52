// The writes the API allows, applied to the mock's state. Each returns what
// the handler needs to answer; none of them knows about HTTP.
import type { ActionOutcome, IngestEvent, PreferencesPatch, SectionName } from "../schema.js";
import { insertActivity } from "./mock-state.js";
import type { MockState, UserRecord } from "./mock-state.js";

/** The result of completing or dismissing an item. */
export type SettleResult =
  | { kind: "settled"; outcome: ActionOutcome }
  | { kind: "conflict"; state: "completed" | "dismissed" }
  | { kind: "not-found" };

/**
 * Completes or dismisses an item. Idempotent: repeating the same action returns
 * the first outcome; the other final state is a conflict.
 */
export function settleItem(user: UserRecord, itemId: string, target: "completed" | "dismissed", nowMs: number): SettleResult {
  const stored = user.items.get(itemId);
  if (!stored) return { kind: "not-found" };
  if (stored.state !== "open" && stored.state !== target) return { kind: "conflict", state: stored.state };
  if (stored.state === "open") {
    stored.state = target;
    stored.settledAt = new Date(nowMs).toISOString();
    user.lastActiveAt = stored.settledAt;
    if (target === "completed") user.completedThisWeek += 1;
  }
  return { kind: "settled", outcome: { id: itemId, state: target, at: stored.settledAt! } };
}

/** Applies an RFC 7396 merge patch of layout, locale and timezone; `null` resets a field to the profile's default. */
export function applyPreferencesPatch(user: UserRecord, patch: PreferencesPatch, nowMs: number): void {
  const { preferences } = user;
  if (patch.locale !== undefined) preferences.locale = patch.locale;
  if (patch.timezone !== undefined) preferences.timezone = patch.timezone;
  if (patch.layout?.order !== undefined) preferences.order = patch.layout.order === null ? null : [...patch.layout.order];
  if (patch.layout?.hidden !== undefined) preferences.hidden = patch.layout.hidden === null ? null : [...patch.layout.hidden];
  user.lastActiveAt = new Date(nowMs).toISOString();
}

/** Sections an event batch touched, so the cache model can drop them. */
export interface IngestResult {
  accepted: number;
  duplicates: number;
  touched: { userId: string; section: SectionName }[];
}

/**
 * Applies a batch of events. An `eventId` seen before is a duplicate and not applied
 * again; an `action` event for an existing item id updates that item.
 * The caller checks that every user exists first, so a batch applies whole or not at all.
 */
export function ingestEvents(state: MockState, events: readonly IngestEvent[], nowMs: number): IngestResult {
  const result: IngestResult = { accepted: 0, duplicates: 0, touched: [] };
  for (const event of events) {
    if (state.seenEventIds.has(event.eventId)) {
      result.duplicates += 1;
      continue;
    }
    state.seenEventIds.add(event.eventId);
    result.accepted += 1;
    const user = state.users.get(event.userId)!;
    if (event.type === "activity") {
      const id = `evt_${event.eventId}`.slice(0, 64);
      insertActivity(user, {
        id,
        actor: { ...event.actor },
        verb: event.verb,
        object: { ...event.object },
        // Normalized so newest-first ordering can compare timestamps as strings.
        occurredAt: new Date(event.occurredAt).toISOString(),
      });
      result.touched.push({ userId: event.userId, section: "activity" });
    } else {
      const existing = user.items.get(event.item.id);
      const item = { ...event.item, createdAt: existing?.item.createdAt ?? new Date(nowMs).toISOString() };
      if (item.dueAt) item.dueAt = new Date(item.dueAt).toISOString();
      user.items.set(item.id, existing ? { ...existing, item } : { item, state: "open" });
      result.touched.push({ userId: event.userId, section: "actions" }, { userId: event.userId, section: "statistics" }, { userId: event.userId, section: "personalization" });
    }
  }
  return result;
}
