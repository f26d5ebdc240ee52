import { isNotModified } from "./conditional-cache.js";
import type { IntroPageError } from "./errors.js";
import type { IntroPage, IntroPageClient, SectionName } from "./types.js";

/** Options of {@link watchIntroPage}. */
export interface WatchIntroPageOptions {
  /** Milliseconds between polls after a success; 0 polls only on start and `refresh()`. Default 30000. */
  intervalMs?: number;
  /** Upper bound of the wait after repeated errors. Default 300000 (5 minutes). */
  maxBackoffMs?: number;
  /** The sections to fetch; all of them when left out. */
  sections?: SectionName[];
  /** Called with the first page this watcher gets (even a 304 replay) and then whenever the page changed. */
  onData(page: IntroPage): void;
  /** Called after each failed poll; polling goes on with backoff. */
  onError?(error: IntroPageError): void;
  /** Stops the watcher when it fires, like `stop()`. */
  signal?: AbortSignal;
}

/** A running watch, returned by {@link watchIntroPage}. */
export interface IntroPageWatcher {
  /** Polls now (cancelling a poll in flight, whose result is dropped); resolves when this poll has been handled. */
  refresh(): Promise<void>;
  /** Stops polling: clears the timer, cancels a poll in flight, removes listeners. No callback runs afterwards. */
  stop(): void;
}

/** The part of `document` the watcher needs; absent outside browsers. */
type Visibility = Pick<Document, "hidden" | "addEventListener" | "removeEventListener">;

/**
 * Keeps a user's intro page current: polls with conditional requests (a 304
 * costs no body and calls nothing), calls `onData` only when the page changed,
 * backs off with jitter after errors and returns to `intervalMs` after a
 * success. In browsers it pauses while the tab is hidden and polls at once when
 * it becomes visible again. The first poll starts immediately.
 */
export function watchIntroPage(
  client: Pick<IntroPageClient, "getIntroPage">,
  userId: string,
  options: WatchIntroPageOptions,
): IntroPageWatcher {
  const { intervalMs = 30_000, maxBackoffMs = 300_000, sections, onData, onError, signal } = options;
  const visibility = (globalThis as { document?: Visibility }).document;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let current: AbortController | undefined;
  let failures = 0;
  let stopped = false;
  // The client's ETag cache may predate this watch, so its first answer can be a 304 replay: still news to onData.
  let delivered = false;

  const schedule = (delay: number) => {
    if (intervalMs > 0 && !visibility?.hidden) timer = setTimeout(refresh, delay);
  };

  async function refresh(): Promise<void> {
    clearTimeout(timer);
    current?.abort();
    if (stopped) return;
    const controller = (current = new AbortController());
    let page: IntroPage | undefined;
    let failure: IntroPageError | undefined;
    try {
      page = await client.getIntroPage(sections ? { userId, sections } : { userId }, { signal: controller.signal });
    } catch (error) {
      // The client rejects with IntroPageError only; a hand-rolled client is trusted to do the same.
      failure = error as IntroPageError;
    }
    // A newer poll or stop() took over; this outcome is stale.
    if (controller !== current || stopped) return;
    current = undefined;
    if (page) {
      failures = 0;
      schedule(intervalMs);
      if (!delivered || !isNotModified(page)) {
        delivered = true;
        onData(page);
      }
    } else {
      failures++;
      // Equal jitter: at least half the exponential step, so a failing server is not hammered.
      const backoff = Math.min(maxBackoffMs, intervalMs * 2 ** failures) * (0.5 + Math.random() / 2);
      schedule(Math.max(backoff, (failure?.retryAfter ?? 0) * 1000));
      onError?.(failure!);
    }
  }

  // Back to visible: catch up at once, unless automatic polling is off (intervalMs 0).
  const onVisibilityChange = () => (visibility?.hidden ? clearTimeout(timer) : intervalMs > 0 && void refresh());

  function stop() {
    stopped = true;
    clearTimeout(timer);
    current?.abort();
    visibility?.removeEventListener("visibilitychange", onVisibilityChange);
    signal?.removeEventListener("abort", stop);
  }

  if (signal?.aborted) stop();
  else {
    signal?.addEventListener("abort", stop);
    visibility?.addEventListener("visibilitychange", onVisibilityChange);
    void refresh();
  }
  return { refresh, stop };
}
