import { isNotModified, watchIntroPage } from "@intro-page/sdk";
import type { IntroPageClient, IntroPageError, IntroPageWatcher, WatchClient, WatchTransport } from "@intro-page/sdk";
import type { ReactiveController, ReactiveControllerHost } from "lit";
import { emit } from "../events/emit.js";
import { introPageEvents } from "../events/intro-page-events.js";
import type { IntroPageErrorDetail, IntroPageLoadDetail } from "../events/intro-page-events.js";
import type { IntroPage, SectionName } from "../page-model.js";
import type { Messages } from "../i18n/messages.js";
import { describeNewUrgentItems } from "./announcements.js";
import { sameArgs } from "./host-args.js";
import type { UserSource } from "./host-args.js";

/** Where the page as a whole stands; sections carry their own status on top of this. */
export type PagePhase = "idle" | "loading" | "ready" | "error";

/** A page the host already has (embedded in its HTML, or rendered by its server), with the ETag it was served with. */
export interface InitialPage {
  page: IntroPage;
  /** The page's `ETag`; the first polls send it as `If-None-Match`, so an unchanged page costs a 304. */
  etag?: string | undefined;
}

/** What the loader reads from its host each time the host updates. */
export interface PageLoaderOptions extends UserSource {
  /** The sections to request, or `undefined` for all of them. */
  sections(): SectionName[] | undefined;
  /** How often to poll, in milliseconds; 0 never polls (changes still arrive over the stream unless `transport` is `"poll"`). */
  pollIntervalMs(): number;
  /** How changes arrive: the page's event stream with polling as fallback (`"auto"`, the default), only the stream, or only polling. */
  transport?(): WatchTransport;
  /** Says something in the host's polite live region. */
  announce(message: string): void;
  /** The catalogue to word announcements in. */
  messages(): Messages;
  /** The service answered a load (with a page, or a 304: the page shown is current). */
  answered(): void;
  /** A load failed; polling goes on with backoff. */
  failed(error: IntroPageError): void;
  /** The page the host already has, if any: shown at once, with no skeleton and no first request. */
  initialData?(): InitialPage | undefined;
}

/**
 * Loads an intro page for its host and keeps it live, over the SDK's
 * `watchIntroPage` poller (which does the polling, 304s, backoff and the
 * hidden-tab pause). Like `@lit/task`, it reads its args from the host in
 * `hostUpdate()` and starts over whenever the client, user, requested
 * sections or poll interval changed, so the host never drives it by hand.
 *
 * Every answer and failure is also reported to the host (`answered`,
 * `failed`), 304s included, which the poller itself keeps quiet about: that
 * is how a "cannot reach the service" notice clears on the first answer.
 */
export class PageLoader implements ReactiveController {
  /** Where the page as a whole stands. */
  phase: PagePhase = "idle";
  /** The last page received, kept while later refreshes fail. */
  page: IntroPage | undefined;
  /** The last failed load; shown as a page error while there is no `page`. */
  error: IntroPageError | undefined;
  /** When the service last answered (a page or a 304), in epoch milliseconds: how old what is shown is. */
  answeredAt: number | undefined;

  private watcher: IntroPageWatcher | undefined;
  private abort: AbortController | undefined;
  /** Identifies the current load so late answers for previous args are ignored. */
  private generation = 0;
  /** The args loading last started with; `undefined` makes the next host update start over. */
  private args: readonly unknown[] | undefined;
  /** The initial page already shown once; it is not shown again when loading starts over. */
  private usedInitial: IntroPage | undefined;
  /** The host's ETag for the initial page, sent until the client has one of its own. */
  private validator: string | undefined;
  /** Starts the poller later, after the initial page's first interval (or at the first `refresh()`). */
  private pendingWatch: { start(): void; timer: ReturnType<typeof setTimeout> | undefined } | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: PageLoaderOptions,
  ) {
    host.addController(this);
  }

  /** Loading (re)starts on the host's next update. */
  hostConnected(): void {
    // A widget moved in the DOM is disconnected (which stops it) and connected again: start over.
    this.host.requestUpdate();
  }

  /** Stops polling and aborts whatever is in flight: a detached widget makes no requests. */
  hostDisconnected(): void {
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
    const transport = this.options.transport?.() ?? "auto";
    const args = [client, userId, sections?.join(",") ?? "", interval, transport];
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
    this.start(client, userId, sections, interval, transport);
  }

  /** Throws away the current page and loads again from scratch at the host's next update (the page error's retry). */
  retry(): void {
    this.args = undefined;
    this.host.requestUpdate();
  }

  /** Asks for fresh data now without resetting what is shown. */
  refresh(): void {
    if (this.pendingWatch) this.pendingWatch.start();
    else void this.watcher?.refresh();
  }

  private start(client: IntroPageClient, userId: string, sections: SectionName[] | undefined, interval: number, transport: WatchTransport): void {
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
    // Watch through a client that reports every outcome, 304s included, before the poller sees it.
    const reporting: WatchClient = {
      // The stream only says when to fetch; its failures are the SDK's to handle (it falls back to polling), not the host's.
      // A client without it (a host's hand-rolled one) can only be polled.
      ...(typeof client.streamIntroPage === "function" ? { streamIntroPage: client.streamIntroPage.bind(client) } : {}),
      getIntroPage: (params, options) => {
        const validator = this.validator;
        const sent = validator ? { ...options, headers: { "If-None-Match": validator } } : options;
        return client.getIntroPage(params, sent).then(
          (page) => {
            if (generation === this.generation) {
              // From now on the client revalidates with the ETag of what it received itself.
              this.validator = undefined;
              this.answered();
            }
            return page;
          },
          (error: IntroPageError) => {
            const current = generation === this.generation;
            // The client cannot replay a 304 to a validator it did not send: the page shown is current.
            if (current && validator && error.status === 304 && this.page) {
              this.answered();
              return this.page;
            }
            if (current && error.kind !== "aborted") this.options.failed(error);
            throw error;
          },
        );
      },
    };
    const watch = () => {
      clearTimeout(this.pendingWatch?.timer);
      this.pendingWatch = undefined;
      this.watcher = watchIntroPage(reporting, userId, {
        intervalMs: interval,
        transport,
        ...(sections ? { sections } : {}),
        onData,
        onError,
        signal: abort.signal,
      });
    };
    if (!this.showInitial(userId)) return watch();
    // The host's page is the first answer: poll from the next interval on (or when asked to refresh).
    this.pendingWatch = { start: watch, timer: interval > 0 ? setTimeout(watch, interval) : undefined };
  }

  /** Shows the host's initial page, when it has one for this user that was not shown yet. */
  private showInitial(userId: string): boolean {
    const initial = this.options.initialData?.();
    if (!initial || initial.page === this.usedInitial || initial.page.userId !== userId) return false;
    this.usedInitial = initial.page;
    this.validator = initial.etag || undefined;
    this.answeredAt = Date.now();
    this.receive(userId, initial.page);
    return true;
  }

  private answered(): void {
    this.answeredAt = Date.now();
    this.options.answered();
  }

  private stop(): void {
    clearTimeout(this.pendingWatch?.timer);
    this.pendingWatch = undefined;
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
    this.answeredAt = undefined;
    this.validator = undefined;
    this.host.requestUpdate();
  }

  private receive(userId: string, page: IntroPage): void {
    // A 304 means nothing changed: keep the rendered page and skip the update.
    if (this.page && (page === this.page || isNotModified(page))) return;
    const previous = this.page;
    this.page = page;
    this.phase = "ready";
    this.error = undefined;
    if (previous) {
      const news = describeNewUrgentItems(previous, page, this.options.messages());
      if (news) this.options.announce(news);
    }
    this.host.requestUpdate();
    emit<IntroPageLoadDetail>(this.host, introPageEvents.load, { userId, page, initial: previous === undefined });
  }

  private fail(userId: string, error: IntroPageError): void {
    this.error = error;
    if (!this.page) this.phase = "error";
    this.host.requestUpdate();
    emit<IntroPageErrorDetail>(this.host, introPageEvents.error, { userId, operation: "load", error });
  }
}
