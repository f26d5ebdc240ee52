import type { Activity } from "../schema.js";
import { compareActivityNewestFirst } from "../state/mock-state.js";
import type { UserRecord } from "../state/mock-state.js";
import { encodeActivityCursor } from "./activity-cursor.js";
import type { ActivityPosition } from "./activity-cursor.js";

/** The page size when the client does not ask for one (the contract's default). */
export const defaultActivityLimit = 20;

/** One page of activity, newest first, starting strictly after `after` when given. */
export function activityPageOf(user: UserRecord, limit: number, after?: ActivityPosition): Activity {
  const start = after
    ? user.activity.findIndex((entry) => compareActivityNewestFirst(entry, after) > 0)
    : 0;
  const remaining = start === -1 ? [] : user.activity.slice(start);
  // Copies, so a caller changing the answer cannot change the stored entries.
  const items = remaining.slice(0, limit).map((entry) => ({ ...entry, actor: { ...entry.actor }, object: { ...entry.object } }));
  const last = items.at(-1);
  return { items, nextCursor: remaining.length > limit && last ? encodeActivityCursor(last) : null };
}
