import { isNotModified, watchIntroPage } from "@intro-page/sdk";
import type { IntroPageClient, IntroPageError, IntroPageWatcher } from "@intro-page/sdk";
import type { ReactiveController, ReactiveControllerHost } from "lit";
import { emit } from "../events/emit.js";
import { introPageEvents } from "../events/intro-page-events.js";
import type { IntroPageActionDetail, IntroPageErrorDetail, IntroPageLoadDetail, IntroPageOperation } from "../events/intro-page-events.js";
import type { ActionItem, ActivityItem, IntroPage, ItemAction, SectionName } from "../page-model.js";
import { describeNewUrgentItems } from "./announcements.js";

/** Where the page as a whole stands; sections carry their own status on top of this. */
export type PagePhase = "idle" | "loading" | "ready" | "error";

/** What the controller reads from its host each time the host updates. */
export interface IntroPageControllerOptions {
  /** The SDK client to load through; `undefined` until the host can build one. */
  client(): IntroPageClient | undefined;
  /** The user whose page to show; `undefined` (or empty) means "nothing to load yet". */
  userId(): string | undefined;
  /** The sections to request, or `undefined` for all of them. */
  sections(): SectionName[] | undefined;
  /** How often to poll, in milliseconds; 0 loads once (and again on `refresh()`). */
  pollIntervalMs(): number;
}

/** How many activity entries "Load more" asks for. */
const activityPageSize = 20;

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Loads and keeps an intro page live for its host element, over the SDK.
 * Polling, conditional requests, backoff and pausing in hidden tabs are the
 * SDK poller's job (`watchIntroPage`); this controller turns its callbacks into
 * render state, runs item actions optimistically and pages activity.
 */
export class IntroPageController implements ReactiveController {
  /** Where the page as a whole stands. */
  phase: PagePhase = "idle";
  /** The last page received, kept while later refreshes fail. */
  page: IntroPage | undefined;
  /** The last failed load; shown as a page error while there is no `page`. */
  error: IntroPageError | undefined;
  /** True while the browser reports no network or requests fail at the network level. */
  offline = false;
  /** The latest message for the polite live region. */
  announcement = "";
  /** Why the last item action was rolled back, shown in the actions section. */
  actionMessage = "";
  /** Why the last "load more activity" failed. */
  activityMessage = "";
  /** True while a further page of activity is loading. */
  loadingMoreActivity = false;

  /** Items hidden because an action on them is in flight or confirmed but not yet reflected by a fresh page. */
  private readonly hiddenItems = new Set<string>();
  private readonly inFlightItems = new Set<string>();
  private olderActivity: ActivityItem[] = [];
  private olderActivityCursor: string | null | undefined;
  private watcher: IntroPageWatcher | undefined;
  private abort: AbortController | undefined;
  /** Identifies the current load so late answers for a previous user or client are ignored. */
  private generation = 0;
  private startedWith: { client: IntroPageClient; userId: string; sections: string; interval: number } | undefined;

  constructor(
    private readonly host: Host,
    private readonly options: IntroPageControllerOptions,
  ) {
    host.addController(this);
  }

  /** Starts listening for online/offline changes; loading (re)starts on the host's next update. */
  hostConnected(): void {
    window.addEventListener("online", this.handleOnline);
    window.addEventListener("offline", this.handleOffline);
    this.offline = !navigator.onLine;
    // A widget moved in the DOM is disconnected (which stops it) and connected again: start over.
    this.host.requestUpdate();
  }

  /** Stops polling and aborts whatever is in flight: a detached widget makes no requests. */
  hostDisconnected(): void {
    window.removeEventListener("online", this.handleOnline);
    window.removeEventListener("offline", this.handleOffline);
    this.stop();
    this.startedWith = undefined;
  }

  /**
   * Called by the host before each update: (re)starts loading when the client,
   * user, requested sections or poll interval changed, and does nothing otherwise.
   */
  sync(): void {
    const client = this.options.client();
    const userId = this.options.userId();
    const sections = this.options.sections()?.join(",") ?? "";
    const interval = this.options.pollIntervalMs();
    const current = this.startedWith;
    if (current && current.client === client && current.userId === userId && current.sections === sections && current.interval === interval) return;
    if (!client || !userId) {
      if (current || this.phase !== "idle") {
        this.stop();
        this.startedWith = undefined;
        this.reset("idle");
      }
      return;
    }
    this.startedWith = { client, userId, sections, interval };
    this.start(client, userId, interval);
  }

  /** Throws away the current state and loads again from scratch (the page error's retry button). */
  retry(): void {
    this.startedWith = undefined;
    this.sync();
  }

  /** Asks for fresh data now without resetting what is shown. */
  refresh(): void {
    void this.watcher?.refresh();
  }

  /** The actionable items to show: the page's, minus those hidden by an optimistic action. */
  get visibleActionItems(): ActionItem[] {
    const items = this.page?.sections.actions?.data?.items ?? [];
    return items.filter((item) => !this.hiddenItems.has(item.id));
  }

  /** How many open items the server counts, adjusted for optimistic removals. */
  get openItemCount(): number {
    const actions = this.page?.sections.actions?.data;
    if (!actions) return 0;
    const hidden = actions.items.filter((item) => this.hiddenItems.has(item.id)).length;
    return Math.max(0, actions.total - hidden);
  }

  /** The activity to show: the page's first page plus any older pages loaded with "Load more". */
  get activityItems(): ActivityItem[] {
    const first = this.page?.sections.activity?.data?.items ?? [];
    const seen = new Set(first.map((item) => item.id));
    return [...first, ...this.olderActivity.filter((item) => !seen.has(item.id))];
  }

  /** True when there is older activity to load. */
  get hasMoreActivity(): boolean {
    return Boolean(this.activityCursor);
  }

  /**
   * Completes or dismisses an item optimistically: it disappears at once, and
   * comes back in place with a message if the server refuses or cannot be reached.
   */
  async act(itemId: string, action: ItemAction): Promise<void> {
    const client = this.startedWith?.client;
    const userId = this.startedWith?.userId;
    const item = this.visibleActionItems.find((candidate) => candidate.id === itemId);
    if (!client || !userId || !item || this.inFlightItems.has(itemId)) return;
    const generation = this.generation;
    this.inFlightItems.add(itemId);
    this.hiddenItems.add(itemId);
    this.actionMessage = "";
    this.host.requestUpdate();
    try {
      const outcome =
        action === "complete" ? await client.completeAction({ userId, itemId }) : await client.dismissAction({ userId, itemId });
      if (generation !== this.generation) return;
      this.announce(action === "complete" ? `Completed “${item.title}”.` : `Dismissed “${item.title}”.`);
      emit<IntroPageActionDetail>(this.host, introPageEvents.action, { userId, action, item, outcome });
      void this.watcher?.refresh();
    } catch (error) {
      if (generation !== this.generation) return;
      this.hiddenItems.delete(itemId);
      this.actionMessage = `Could not ${action} “${item.title}”. It is back in your list; please try again.`;
      this.announce(this.actionMessage);
      this.reportError(userId, action, error as IntroPageError);
    } finally {
      this.inFlightItems.delete(itemId);
      this.host.requestUpdate();
    }
  }

  /** Loads the next (older) page of activity and appends it. */
  async loadMoreActivity(): Promise<void> {
    const client = this.startedWith?.client;
    const userId = this.startedWith?.userId;
    const cursor = this.activityCursor;
    if (!client || !userId || !cursor || this.loadingMoreActivity) return;
    const generation = this.generation;
    this.loadingMoreActivity = true;
    this.activityMessage = "";
    this.host.requestUpdate();
    try {
      const section = await client.getActivity({ userId, cursor, limit: activityPageSize });
      if (generation !== this.generation) return;
      // The section endpoint answers with the section envelope; `data` is null when activity is unavailable.
      const older = section.data;
      if (!older) {
        this.activityMessage = "Older activity is unavailable right now. Please try again later.";
        return;
      }
      this.olderActivity = [...this.olderActivity, ...older.items];
      this.olderActivityCursor = older.nextCursor;
      this.announce(older.items.length === 1 ? "Loaded 1 more activity entry." : `Loaded ${older.items.length} more activity entries.`);
    } catch (error) {
      if (generation !== this.generation) return;
      this.activityMessage = "Could not load more activity. Please try again.";
      this.reportError(userId, "loadMoreActivity", error as IntroPageError);
    } finally {
      if (generation === this.generation) this.loadingMoreActivity = false;
      this.host.requestUpdate();
    }
  }

  private get activityCursor(): string | null | undefined {
    return this.olderActivityCursor !== undefined ? this.olderActivityCursor : this.page?.sections.activity?.data?.nextCursor;
  }

  private start(client: IntroPageClient, userId: string, interval: number): void {
    this.stop();
    this.reset("loading");
    const generation = this.generation;
    const abort = new AbortController();
    this.abort = abort;
    const sections = this.options.sections();
    const onData = (page: IntroPage) => {
      if (generation === this.generation) this.receive(userId, page);
    };
    const onError = (error: IntroPageError | undefined) => {
      // Defensive: a poll that ends with neither a page nor an error changed nothing we can show.
      if (!error || error.kind === "aborted" || generation !== this.generation) return;
      this.fail(userId, error);
    };
    // The SDK's poller does the polling, 304 handling, backoff and hidden-tab pause.
    this.watcher = watchIntroPage(client, userId, {
      intervalMs: interval,
      ...(sections ? { sections } : {}),
      onData,
      onError,
      signal: abort.signal,
    });
  }

  private stop(): void {
    this.watcher?.stop();
    this.watcher = undefined;
    this.abort?.abort();
    this.abort = undefined;
  }

  private reset(phase: PagePhase): void {
    this.generation += 1;
    this.phase = phase;
    this.page = undefined;
    this.error = undefined;
    this.actionMessage = "";
    this.activityMessage = "";
    this.loadingMoreActivity = false;
    this.hiddenItems.clear();
    this.inFlightItems.clear();
    this.olderActivity = [];
    this.olderActivityCursor = undefined;
    this.host.requestUpdate();
  }

  private receive(userId: string, page: IntroPage): void {
    // A 304 means nothing changed: keep the rendered page and skip the update.
    if (this.page && isNotModified(page)) return;
    const previous = this.page;
    this.page = page;
    this.phase = "ready";
    this.error = undefined;
    this.offline = !navigator.onLine;
    // Forget optimistic removals the server now agrees with; keep those still in flight.
    const ids = new Set((page.sections.actions?.data?.items ?? []).map((item) => item.id));
    for (const id of this.hiddenItems) if (!ids.has(id) && !this.inFlightItems.has(id)) this.hiddenItems.delete(id);
    if (previous) {
      const news = describeNewUrgentItems(previous, page);
      if (news) this.announce(news);
    }
    this.host.requestUpdate();
    emit<IntroPageLoadDetail>(this.host, introPageEvents.load, { userId, page, initial: previous === undefined });
  }

  private fail(userId: string, error: IntroPageError): void {
    this.error = error;
    this.offline = error.kind === "network" || !navigator.onLine;
    if (!this.page) this.phase = "error";
    this.host.requestUpdate();
    this.reportError(userId, "load", error);
  }

  private reportError(userId: string, operation: IntroPageOperation, error: IntroPageError): void {
    emit<IntroPageErrorDetail>(this.host, introPageEvents.error, { userId, operation, error });
  }

  private announce(message: string): void {
    // Clearing first makes screen readers repeat a message identical to the last one.
    this.announcement = "";
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => {
      this.announcement = message;
      this.host.requestUpdate();
    });
  }

  private readonly handleOnline = (): void => {
    this.offline = false;
    this.host.requestUpdate();
    this.refresh();
  };

  private readonly handleOffline = (): void => {
    this.offline = true;
    this.announce("You are offline. Showing the last loaded data.");
    this.host.requestUpdate();
  };
}
