/** What {@link shareAcrossTabs} needs from the browser; absent elsewhere (Node, old browsers). */
interface TabApis {
  locks: LockManager;
  BroadcastChannel: typeof BroadcastChannel;
}

function tabApis(): TabApis | undefined {
  const scope = globalThis as { navigator?: { locks?: LockManager }; BroadcastChannel?: typeof BroadcastChannel; document?: unknown };
  if (!scope.document || !scope.navigator?.locks || !scope.BroadcastChannel) return undefined;
  return { locks: scope.navigator.locks, BroadcastChannel: scope.BroadcastChannel };
}

/** One participant in a group of same-origin tabs sharing `key`. */
export interface TabShare<T> {
  /** Sends `message` to every other participant (in this and other tabs). */
  post(message: T): void;
  /** Leaves the group: gives up leadership (the next tab takes over) and stops listening. */
  stop(): void;
}

/**
 * Elects one leader among the same-origin participants sharing `key` with
 * the Web Locks API: whoever holds the lock leads, the others queue for it,
 * and when the leader's tab closes (or it calls `stop()`) the browser hands
 * the lock to the next in line, which then leads. Messages travel over a
 * BroadcastChannel of the same name. `lead()` runs when this participant
 * becomes leader and returns what to run when it stops leading; `follow()`
 * runs once, at the start, when another participant already leads.
 */
export function shareAcrossTabs<T>(key: string, lead: () => () => void, onMessage: (message: T) => void, follow?: () => void): TabShare<T> {
  const apis = tabApis();
  if (!apis) throw new Error("shareAcrossTabs needs Web Locks and BroadcastChannel");
  const channel = new apis.BroadcastChannel(key);
  channel.onmessage = (event: MessageEvent<T>) => onMessage(event.data);
  const leaving = new AbortController();
  let abdicate: (() => void) | undefined;
  const hold = () => {
    const stopLeading = lead();
    return new Promise<void>((resolve) => {
      abdicate = () => {
        stopLeading();
        resolve();
      };
    });
  };
  // First ask without queueing, so a tab that is alone knows at once that it leads (and skips the follower's fetch).
  apis.locks
    .request(key, { ifAvailable: true }, (lock) => {
      if (leaving.signal.aborted) return undefined;
      if (lock) return hold();
      follow?.();
      void apis.locks.request(key, { signal: leaving.signal }, hold).catch(() => undefined); // AbortError: stopped while waiting in line
      return undefined;
    })
    .catch(() => undefined);
  return {
    post: (message) => channel.postMessage(message),
    stop() {
      leaving.abort();
      abdicate?.();
      channel.close();
    },
  };
}
