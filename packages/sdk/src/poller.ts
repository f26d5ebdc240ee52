import { isNotModified } from "./conditional-cache.js";
import type { IntroPageError } from "./errors.js";
import type { TabShare } from "./live/tab-leader.js";
import type { IntroPage, IntroPageClient, SectionName } from "./types.js";

/** How {@link watchIntroPage} learns about changes: the page stream, polling, or the stream with polling as fallback. */
export type WatchTransport = "sse" | "poll" | "auto";

/** How updates arrive right now: over this watcher's stream, by its polling, or from the tab that holds them for all tabs. */
export type ActiveTransport = "sse" | "poll" | "tab";

/** Options of {@link watchIntroPage}. */
export interface WatchIntroPageOptions {
  /** Milliseconds between polls after a success (while polling); 0 polls only on start and `refresh()`. Default 30000. */
  intervalMs?: number;
  /** Upper bound of the wait after repeated errors. Default 300000 (5 minutes). */
  maxBackoffMs?: number;
  /** The sections to fetch; all of them when left out. */
  sections?: SectionName[];
  /**
   * `"auto"` (default) holds the page's event stream when the server offers
   * it, polls while it cannot and goes back to the stream when it can;
   * `"sse"` only streams; `"poll"` only polls.
   */
  transport?: WatchTransport;
  /** A stream silent (no event, no heartbeat) this long is taken as dead. Default 45000 (the server pings every 15 s). */
  heartbeatTimeoutMs?: number;
  /**
   * In browsers, one tab per origin, user and sections holds the stream (or
   * polls) and shares each new page with the others over BroadcastChannel; when
   * that tab closes another takes over. Default true; ignored for `"poll"`.
   */
  shareAcrossTabs?: boolean;
  /** Called with the first page this watcher gets (even a 304 replay) and then whenever the page changed. */
  onData(page: IntroPage): void;
  /** Called after each failed fetch; fetching goes on with backoff. */
  onError?(error: IntroPageError): void;
  /** Called whenever the way updates arrive changes (diagnostics, tests). */
  onTransportChange?(transport: ActiveTransport): void;
  /** Stops the watcher when it fires, like `stop()`. */
  signal?: AbortSignal;
}

/** A running watch, returned by {@link watchIntroPage}. */
export interface IntroPageWatcher {
  /** Fetches now (cancelling a fetch in flight, whose result is dropped); resolves when this fetch has been handled. */
  refresh(): Promise<void>;
  /** Stops watching: clears timers, closes the stream, cancels a fetch in flight, removes listeners. No callback runs afterwards. */
  stop(): void;
}

/** The client methods a watch uses; without `streamIntroPage` it can only poll. */
export type WatchClient = Pick<IntroPageClient, "getIntroPage"> & Partial<Pick<IntroPageClient, "streamIntroPage">>;

/** The part of `document` the watcher needs; absent outside browsers. */
type Visibility = Pick<Document, "hidden" | "addEventListener" | "removeEventListener">;

/**
 * The stream transport and the tab sharing are loaded on first use: a page
 * that only polls never downloads them, and the widget's standalone bundle
 * ships them as files of their own (see packages/widget/tsup.config.ts).
 */
const loadPageStream = () => import("./live/page-stream.js");
const loadTabLeader = () => import("./live/tab-leader.js");

/** True where tabs can elect a leader and talk to each other (Web Locks and BroadcastChannel in a document), checked without loading the tab code. */
function canShareAcrossTabs(): boolean {
  const scope = globalThis as { navigator?: { locks?: unknown }; BroadcastChannel?: unknown; document?: unknown };
  return Boolean(scope.document && scope.navigator?.locks && scope.BroadcastChannel);
}

/** What the tabs sharing a watch tell each other: a new page (from the leader), or "I just joined" (from a follower). */
type TabMessage = { page: IntroPage } | { joined: true };

/**
 * Keeps a user's intro page current. Changes arrive over the page's event
 * stream when the server offers one (each event triggers one conditional
 * fetch), else by polling with conditional requests (a 304 costs no body and
 * calls nothing); see `transport`. `onData` runs only when the page changed.
 * Failed fetches back off with jitter; polling pauses while the tab is hidden.
 * In browsers, tabs share one stream (see `shareAcrossTabs`).
 */
export function watchIntroPage(client: WatchClient, userId: string, options: WatchIntroPageOptions): IntroPageWatcher {
  const canStream = options.transport !== "poll" && typeof client.streamIntroPage === "function";
  const transport = canStream ? (options.transport ?? "auto") : "poll";
  if (transport === "poll" || options.shareAcrossTabs === false || !canShareAcrossTabs()) return watchAlone(client, userId, options, transport);
  return watchWithTabs(client, userId, options, transport);
}

/** One tab leads (streams or polls, and broadcasts each new page); the others fetch once and then listen. */
function watchWithTabs(client: WatchClient, userId: string, options: WatchIntroPageOptions, transport: WatchTransport): IntroPageWatcher {
  const { signal, onData, onTransportChange } = options;
  let leading = false;
  let lastPage: IntroPage | undefined;
  let active: IntroPageWatcher | undefined;
  let share: TabShare<TabMessage> | undefined;
  let stopped = false;
  onTransportChange?.("tab");
  const lead = () => {
    active?.stop();
    leading = true;
    active = watchAlone(
      client,
      userId,
      {
        ...options,
        signal: undefined,
        onData(page) {
          lastPage = page;
          share?.post({ page });
          onData(page);
        },
      },
      transport,
    );
    return () => active?.stop();
  };
  loadTabLeader().then(
    ({ shareAcrossTabs }) => {
      if (stopped) return;
      share = shareAcrossTabs<TabMessage>(
        `intro-page:${userId}:${options.sections?.join(",") ?? "*"}`,
        lead,
        (message) => {
          if (!leading && "page" in message) onData(message.page);
          else if (leading && "joined" in message && lastPage) share?.post({ page: lastPage });
        },
        () => {
          // A follower fetches the page once itself, so it shows data even before the leader says anything.
          active = watchAlone(client, userId, { ...options, intervalMs: 0, signal: undefined, onTransportChange: undefined }, "poll");
          share?.post({ joined: true });
        },
      );
    },
    // The tab code could not be loaded (a missing file, the network): this tab leads on its own.
    () => {
      if (!stopped) lead();
    },
  );

  function stop() {
    stopped = true;
    share?.stop();
    active?.stop();
    signal?.removeEventListener("abort", stop);
  }
  if (signal?.aborted) stop();
  else signal?.addEventListener("abort", stop);
  // Before the tab code is loaded there is nothing to refresh: the first fetch is about to start.
  return { refresh: async () => active?.refresh(), stop };
}

/** The watch of one tab (or of a runtime without tabs): the stream and/or polling. */
function watchAlone(client: WatchClient, userId: string, options: WatchIntroPageOptions, transport: WatchTransport): IntroPageWatcher {
  const { intervalMs = 30_000, maxBackoffMs = 300_000, heartbeatTimeoutMs = 45_000, sections, onData, onError, onTransportChange, signal } = options;
  const visibility = (globalThis as { document?: Visibility }).document;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let current: AbortController | undefined;
  let failures = 0;
  let stopped = false;
  // While the stream is open it tells us when to fetch: no polling.
  let streaming = false;
  // The client's ETag cache may predate this watch, so its first answer can be a 304 replay: still news to onData.
  let delivered = false;

  const polls = () => transport !== "sse" && !streaming;
  const schedule = (delay: number) => {
    if (intervalMs > 0 && !visibility?.hidden) timer = setTimeout(refresh, delay);
  };

  async function refresh(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
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
    // A newer fetch or stop() took over; this outcome is stale.
    if (controller !== current || stopped) return;
    current = undefined;
    if (page) {
      failures = 0;
      if (polls()) schedule(intervalMs);
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

  const onDown = () => {
    const wasStreaming = streaming;
    streaming = false;
    if (transport !== "auto") return;
    if (wasStreaming) onTransportChange?.("poll");
    // Changes may have been missed while the stream was dying: catch up now, then poll until it is back.
    if (wasStreaming) void refresh();
    else if (timer === undefined && current === undefined) schedule(intervalMs);
  };

  let stream: { close(): void } | undefined;
  const openStream = () =>
    loadPageStream().then(({ openPageStream }) => {
      if (stopped) return;
      stream = openPageStream({
        client: client as Pick<IntroPageClient, "streamIntroPage">,
        userId,
        heartbeatTimeoutMs,
        onOpen() {
          streaming = true;
          clearTimeout(timer);
          timer = undefined;
          onTransportChange?.("sse");
        },
        // Every event (the first `sync` included) means "something may differ from what you hold": one conditional fetch.
        onChange: () => void refresh(),
        onDown,
      });
      // The stream code could not be loaded: like a server without a stream, "auto" keeps polling.
    }, onDown);

  // Back to visible: catch up at once, unless automatic polling is off (intervalMs 0) or the stream is doing the work.
  const onVisibilityChange = () => (visibility?.hidden ? clearTimeout(timer) : intervalMs > 0 && polls() && void refresh());

  function stop() {
    stopped = true;
    clearTimeout(timer);
    current?.abort();
    stream?.close();
    visibility?.removeEventListener("visibilitychange", onVisibilityChange);
    signal?.removeEventListener("abort", stop);
  }

  if (signal?.aborted) stop();
  else {
    signal?.addEventListener("abort", stop);
    visibility?.addEventListener("visibilitychange", onVisibilityChange);
    if (transport !== "sse") onTransportChange?.("poll");
    void refresh();
    if (transport !== "poll") void openStream();
  }
  return { refresh, stop };
}
