import type { Personalization } from "../page-model.js";

type Layout = Personalization["layout"];

const key = (userId: string) => `intro-page:layout:${userId}`;

/** The browser's storage, or nothing where it is absent or refused (private mode, sandboxed frames, Node). */
function storage(): Storage | undefined {
  try {
    return globalThis.localStorage ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * The layout `userId` had when their page last loaded in this browser, so the
 * next visit lays its skeletons out in the order the page will arrive in
 * rather than the default one. Only the order and the hidden sections are
 * kept: nothing of the user's data.
 */
export function recallLayout(userId: string): Layout | undefined {
  try {
    const stored = storage()?.getItem(key(userId));
    if (!stored) return undefined;
    const layout = JSON.parse(stored) as Partial<Layout>;
    return Array.isArray(layout.order) && Array.isArray(layout.hidden) ? { order: layout.order, hidden: layout.hidden } : undefined;
  } catch {
    // Unreadable memory is no memory: the default order applies.
    return undefined;
  }
}

/** Keeps `layout` for {@link recallLayout}; a full or refused storage is ignored. */
export function rememberLayout(userId: string, layout: Layout): void {
  try {
    const value = JSON.stringify({ order: layout.order, hidden: layout.hidden });
    const store = storage();
    if (store && store.getItem(key(userId)) !== value) store.setItem(key(userId), value);
  } catch {
    // Quota or privacy settings: the next visit falls back to the default order.
  }
}
