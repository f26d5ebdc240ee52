import { priorities } from "../schema.js";
import type { ActionItem, Actions } from "../schema.js";
import type { UserRecord } from "../state/mock-state.js";

/** The contract lists at most this many items; the counts still cover all open items. */
export const maxListedItems = 50;

const rank = (item: ActionItem): number => priorities.indexOf(item.priority);

/** Most pressing first: priority, then due date (items without one last), then age. */
function compareMostPressing(a: ActionItem, b: ActionItem): number {
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (a.dueAt !== b.dueAt) {
    if (a.dueAt === undefined) return 1;
    if (b.dueAt === undefined) return -1;
    return a.dueAt < b.dueAt ? -1 : 1;
  }
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1;
}

/** The actions section's data: open items, most pressing first, with counts over all open items. */
export function actionsOf(user: UserRecord, nowMs: number): Actions {
  const open = [...user.items.values()].filter((stored) => stored.state === "open").map((stored) => stored.item);
  open.sort(compareMostPressing);
  return {
    items: open.slice(0, maxListedItems).map((item) => ({ ...item })),
    total: open.length,
    urgent: open.filter((item) => item.priority === "urgent").length,
    overdue: open.filter((item) => item.dueAt !== undefined && Date.parse(item.dueAt) < nowMs).length,
  };
}
