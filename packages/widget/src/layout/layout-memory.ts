import type { Personalization } from "../page-model.js";

type Layout = Personalization["layout"];

const key = (userId: string) => `intro-page:layout:${userId}`;

/**
 * The layout `userId` had when their page last loaded in this browser, so the
 * next visit lays its skeletons out in the order the page will arrive in
 * rather than the default one. Only the order and the hidden sections are
 * kept: nothing of the user's data.
 */
export function recallLayout(userId: string): Layout | undefined {
  try {
    const layout = JSON.parse(localStorage.getItem(key(userId)) ?? "null") as Partial<Layout> | null;
    return Array.isArray(layout?.order) && Array.isArray(layout.hidden) ? (layout as Layout) : undefined;
  } catch {
    // No storage (Node, a sandboxed frame, privacy settings) or unreadable memory: the default order applies.
    return undefined;
  }
}

/** Keeps `layout` for {@link recallLayout}; a full or refused storage is ignored. */
export function rememberLayout(userId: string, { order, hidden }: Layout): void {
  try {
    localStorage.setItem(key(userId), JSON.stringify({ order, hidden }));
  } catch {
    // Quota or privacy settings: the next visit falls back to the default order.
  }
}
