import { isNotModified, watchIntroPage } from "@intro-page/sdk";
import type { IntroPageClient, IntroPageError, IntroPageWatcher } from "@intro-page/sdk";
import type { ReactiveController, ReactiveControllerHost } from "lit";
import { emit } from "../events/emit.js";
import { introPageEvents } from "../events/intro-page-events.js";
import type { IntroPageErrorDetail, IntroPageLoadDetail } from "../events/intro-page-events.js";
import type { IntroPage, SectionName } from "../page-model.js";
import { describeNewUrgentItems } from "./announcements.js";
import { sameArgs } from "./host-args.js";
import type { UserSource } from "./host-args.js";

/** Where the page as a whole stands; sections carry their own status on top of this. */
export type PagePhase = "idle" | "loading" | "ready" | "error";

/** What the loader reads from its host each time the host updates. */
export interface PageLoaderOptions extends UserSource {
  /** The sections to request, or `undefined` for all of them. */
  sections(): SectionName[] | undefined;
  /** How often to poll, in milliseconds; 0 loads once (and again on `refresh()`). */
  pollIntervalMs(): number;
  /** Says something in the host's polite live region. */
  announce(message: string): void;
}

/**
 * Loads an intro page for its host and keeps it live, over the SDK's
 * `watchIntroPage` poller (which does the polling, 304s, backoff and the
 * hidden-tab pause). Like `@lit/task`, it reads its args from the host in
 * `hostUpdate()` and starts over whenever the client, user, requested
 * sections or poll interval changed, so the host never drives it by hand.
 *
 * It also tracks whether the browser is offline: that state is made of this
 * controller's own outcomes (a network failure, the next page) and the
 * browser's online event, which asks this controller for fresh data.
 */
export class PageLoader implements ReactiveController {
  /** Where the page as a whole stands. */
  phase: PagePhase = "idle";
  /** The last page received, kept while later refreshes fail. */
  page: IntroPage | undefined;
  /** The last failed load; shown as a page error while there is no `page`. */
  error: IntroPageError | undefined;
  /** True while the browser reports no network or requests fail at the network level. */
  offline = false;

  private watcher: IntroPageWatcher | undefined;
  private abort: AbortController | undefined;
  /** Identifies the current load so late answers for previous args are ignored. */
  private generation = 0;
  /** The args loading last started with; `undefined` makes the next host update start over. */
  private args: readonly unknown[] | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: PageLoaderOptions,
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
    this.args = undefined;
  }

  /**
   * Before each host render: (re)starts loading when the client, user,
   * requested sections or poll interval changed since the last start, and
   * does nothing otherwise. Runs before `render()`, so a changed user renders
   * its loading state in the same update.
   */
  hostUpdate(): void {
    const client = this.options.client();
    const userId = this.options.userId();
    const sections = this.options.sections();
    const interval = this.options.pollIntervalMs();
    const args = [client, userId, sections?.join(",") ?? "", interval];
    if (sameArgs(this.args, args)) return;
    if (!client || !userId) {
      if (this.args || this.phase !== "idle") {
        this.stop();
        this.reset("idle");
      }
      this.args = undefined;
      return;
    }
    this.args = args;
    this.start(client, userId, sections, interval);
  }

  /** Throws away the current page and loads again from scratch at the host's next update (the page error's retry). */
  retry(): void {
    this.args = undefined;
    this.host.requestUpdate();
  }

  /** Asks for fresh data now without resetting what is shown. */
  refresh(): void {
    void this.watcher?.refresh();
  }

  private start(client: IntroPageClient, userId: string, sections: SectionName[] | undefined, interval: number): void {
    this.stop();
    this.reset("loading");
    const generation = this.generation;
    const abort = new AbortController();
    this.abort = abort;
    const onData = (page: IntroPage) => {
      if (generation === this.generation) this.receive(userId, page);
    };
    const onError = (error: IntroPageError | undefined) => {
      // Defensive: a poll that ends with neither a page nor an error changed nothing we can show.
      if (!error || error.kind === "aborted" || generation !== this.generation) return;
      this.fail(userId, error);
    };
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
    if (previous) {
      const news = describeNewUrgentItems(previous, page);
      if (news) this.options.announce(news);
    }
    this.host.requestUpdate();
    emit<IntroPageLoadDetail>(this.host, introPageEvents.load, { userId, page, initial: previous === undefined });
  }

  private fail(userId: string, error: IntroPageError): void {
    this.error = error;
    this.offline = error.kind === "network" || !navigator.onLine;
    if (!this.page) this.phase = "error";
    this.host.requestUpdate();
    emit<IntroPageErrorDetail>(this.host, introPageEvents.error, { userId, operation: "load", error });
  }

  private readonly handleOnline = (): void => {
    this.offline = false;
    this.host.requestUpdate();
    this.refresh();
  };

  private readonly handleOffline = (): void => {
    this.offline = true;
    this.options.announce("You are offline. Showing the last loaded data.");
    this.host.requestUpdate();
  };
}
