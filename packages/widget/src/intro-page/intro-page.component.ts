import { createIntroPageClient } from "@intro-page/sdk";
import type { IntroPageClient } from "@intro-page/sdk";
import { html, LitElement, nothing } from "lit";
import type { PropertyValues, ReactiveElement, TemplateResult } from "lit";
import { property } from "lit/decorators.js";
import { ActivityPager } from "../controllers/activity-pager.js";
import { Announcer } from "../controllers/announcer.js";
import { Clock } from "../controllers/clock.js";
import { Connection } from "../controllers/connection.js";
import type { UserSource } from "../controllers/host-args.js";
import { ItemActions } from "../controllers/item-actions.js";
import { LoadMarks } from "../controllers/load-marks.js";
import { Localization } from "../controllers/localization.js";
import { PageLoader } from "../controllers/page-loader.js";
import { RememberedLayout } from "../controllers/remembered-layout.js";
import { reactEventAliases } from "../events/intro-page-events.js";
import { createFormatters } from "../format/formatters.js";
import type { Formatters } from "../format/formatters.js";
import { parseSectionsAttribute, resolveSectionOrder, sectionsToFetch } from "../layout/section-order.js";
import type { TokenProvider } from "@intro-page/sdk";
import type { LoadProblem, MessageOverrides } from "../i18n/messages.js";
import type { InitialPage } from "../controllers/page-loader.js";
import type { IntroPage, SectionName } from "../page-model.js";
import { itemActionRequest } from "../sections/actions/actions-section.component.js";
import type { ItemActionRequestDetail } from "../sections/actions/actions-section.component.js";
import { loadMoreActivityRequest } from "../sections/activity/activity-section.component.js";
import { introPageStyles } from "./intro-page.styles.js";

/** Returns the bearer token for the next request; the SDK's type, re-exported so hosts import it from one place. */
export type { TokenProvider } from "@intro-page/sdk";

/** `light`, `dark`, or `auto` (follow the user's `prefers-color-scheme`). */
export type IntroPageTheme = "light" | "dark" | "auto";

/** `auto` (the page's event stream, polling while it is down), `sse` (only the stream) or `poll` (only polling): the SDK's `WatchTransport`. */
export type IntroPageTransport = "auto" | "sse" | "poll";

/** Parts of the section elements, forwarded so hosts can style them from outside. */
const exportedSectionParts = [
  "section",
  "section-heading",
  "notice",
  "empty",
  "skeleton",
  "button",
  "quick-action",
  "insight",
  "metric",
  "metric-value",
  "action-item",
  "action-message",
  "priority",
  "complete-button",
  "dismiss-button",
  "item-title",
  "activity-item",
  "load-more-button",
  "system-status",
  "announcement",
  "severity",
].join(", ");

/** Sections that span the full width of the two-column grid. */
const wideSections = new Set<SectionName>(["personalization", "statistics", "system"]);

/**
 * A signed-in user's personalized intro page: welcome and quick actions,
 * statistics, actionable items, recent activity and system announcements,
 * kept live by polling with conditional requests.
 *
 * @tagname intro-page
 * @summary The personalized intro page, embeddable with one tag.
 *
 * @event {IntroPageLoadEvent} intro-page-load - New page data was rendered. `detail: { userId, page, initial }`.
 * @event {IntroPageErrorEvent} intro-page-error - A request failed. `detail: { userId, operation: "load" | "complete" | "dismiss" | "loadMoreActivity", error }`.
 * @event {IntroPageActionEvent} intro-page-action - The server confirmed an item action. `detail: { userId, action: "complete" | "dismiss", item, outcome }`.
 *
 * @csspart base - The outer frame; also the container that container queries measure.
 * @csspart sections - The grid holding the sections.
 * @csspart section - Each section card.
 * @csspart section-heading - Each section's heading.
 * @csspart notice - A section's "stale" or "unavailable" notice.
 * @csspart empty - A section's empty-state text.
 * @csspart skeleton - A section's loading placeholder.
 * @csspart button - Every button.
 * @csspart quick-action - Each quick action link in the welcome section.
 * @csspart insight - Each insight in the welcome section.
 * @csspart metric - Each metric tile.
 * @csspart metric-value - The value inside a metric tile.
 * @csspart action-item - Each actionable item row.
 * @csspart action-message - The message shown when an item action was rolled back.
 * @csspart priority - Each item's priority label.
 * @csspart complete-button - Each item's Complete button.
 * @csspart dismiss-button - Each item's Dismiss button.
 * @csspart item-title - Each item's title, when it is a link.
 * @csspart activity-item - Each activity entry.
 * @csspart load-more-button - The "Load more activity" button.
 * @csspart system-status - The overall system status line.
 * @csspart announcement - Each system announcement.
 * @csspart severity - The word that gives an insight's or announcement's severity.
 * @csspart connection-notice - Above loaded content that could not be refreshed: why (offline, service unreachable, busy …), since when, and when it tries again.
 * @csspart offline - The same notice (its former name).
 * @csspart page-error - The whole-page error shown when nothing could be loaded.
 * @csspart retry-button - The page error's "Try again" button.
 *
 * @cssproperty [--intro-page-font-family=system-ui, -apple-system, "Segoe UI", Roboto, sans-serif] - Font family.
 * @cssproperty [--intro-page-color-text=#1f2328] - Body text color.
 * @cssproperty [--intro-page-color-text-muted=#57606a] - Secondary text color.
 * @cssproperty [--intro-page-color-background=#f6f8fa] - Background behind and inside the cards.
 * @cssproperty [--intro-page-color-surface=#ffffff] - Card background.
 * @cssproperty [--intro-page-color-border=#d0d7de] - Borders and dividers.
 * @cssproperty [--intro-page-color-accent=#0a58ca] - Links, primary buttons, highlights.
 * @cssproperty [--intro-page-color-on-accent=#ffffff] - Text on accent-colored backgrounds.
 * @cssproperty [--intro-page-color-danger=#b42318] - Errors, urgent and overdue items.
 * @cssproperty [--intro-page-color-warning=#9a6700] - Warnings and stale-data notices.
 * @cssproperty [--intro-page-color-success=#1a7f37] - Success and "operational" status.
 * @cssproperty [--intro-page-color-skeleton=#e5e9ee] - Loading placeholders.
 * @cssproperty [--intro-page-radius=12px] - Corner radius of cards (buttons and badges derive from it).
 * @cssproperty [--intro-page-gap=1rem] - Space between and around sections.
 * @cssproperty [--intro-page-padding=1.25rem] - Padding inside each card.
 * @cssproperty [--intro-page-focus-ring=3px solid #0a58ca] - Outline of the focused control.
 */
export class IntroPageElement extends LitElement {
  static override styles = [introPageStyles];

  /** The user whose intro page to show. Changing it loads that user's page. */
  @property({ attribute: "user-id" }) userId = "";

  /** Base URL of the intro-page API; defaults to the page's own origin. */
  @property({ attribute: "api-base-url" }) apiBaseUrl = "";

  /** Seconds between polls while the tab is visible and the page's event stream is not open; 0 never polls. */
  @property({ attribute: "poll-interval", type: Number }) pollInterval = 30;

  /**
   * How changes reach the widget: `auto` holds the page's event stream (one
   * per user across the tabs of this origin) and polls while it is down;
   * `sse` only streams; `poll` only polls every `poll-interval` seconds.
   */
  @property() transport: IntroPageTransport = "auto";

  /** Which sections to show and in what order, e.g. "actions, activity". Default: the user's saved layout. */
  @property() sections = "";

  /**
   * BCP 47 locale of the interface text, dates and numbers. Default: the user's
   * saved locale, then the browser's. Built-in catalogues: en, ar, de, es, fr,
   * it, ja, nl, pt, zh (and the pseudo-locale en-XA); other languages get
   * English text with their own dates and numbers unless `messages` supplies them.
   */
  @property() locale = "";

  /**
   * The host's own catalogue: any subset of the widget's messages, laid over
   * the built-in catalogue for the locale (set `lang` and `dir` when supplying
   * a whole language). See `Messages` for every key.
   */
  @property({ attribute: false }) messages: MessageOverrides | undefined;

  /** Color theme. */
  @property({ reflect: true }) theme: IntroPageTheme = "auto";

  /** A fixed bearer token, for demos. Prefer `tokenProvider` in applications. */
  @property() token = "";

  /** Called for a bearer token before each request, and again after a 401 to get a fresh one. */
  @property({ attribute: false }) tokenProvider: TokenProvider | undefined;

  /**
   * The page JSON the host already has (for example rendered into its HTML by
   * its server), shown at the first paint with no skeleton and no request;
   * polling takes over from there. Also read from the `initial-data` attribute
   * (JSON) or a `<script type="application/json">` child of the element.
   */
  @property({ attribute: "initial-data", type: Object }) initialData: IntroPage | undefined;

  /** The `ETag` the initial page was served with; the first polls then cost a 304 while it is unchanged. Also a `data-etag` on the script child. */
  @property({ attribute: "initial-etag" }) initialEtag = "";

  /** The SDK client to use instead of one built from `api-base-url` and the token (e.g. a shared or test client). */
  @property({ attribute: false }) client: IntroPageClient | undefined;

  // Each controller reads what it depends on from the element in its own
  // hostUpdate(), before render(): the element never drives them by hand.
  private readonly announcer = new Announcer(this);
  private readonly localization = new Localization(this, {
    locale: () => this.requestedLocale(),
    overrides: () => this.messages,
  });
  private readonly connection = new Connection(this, {
    announce: (message) => this.announcer.announce(message),
    describe: (problem) => (problem ? this.describeProblem(problem) : this.text.recovered),
    reconnected: () => this.loader.refresh(),
  });
  private readonly clock = new Clock(this, {
    // Count down each second while something is wrong; otherwise relative times only need a refresh now and then.
    intervalMs: () => (this.connection.problem ? 1000 : 30_000),
  });
  private readonly user: UserSource = {
    client: () => this.client ?? this.ownClient(),
    userId: () => this.userId || undefined,
  };
  private readonly loader = new PageLoader(this, {
    ...this.user,
    sections: () => sectionsToFetch(parseSectionsAttribute(this.sections)),
    pollIntervalMs: () => Math.max(0, Number.isFinite(this.pollInterval) ? this.pollInterval : 0) * 1000,
    transport: () => (this.transport === "sse" || this.transport === "poll" ? this.transport : "auto"),
    announce: (message) => this.announcer.announce(message),
    messages: () => this.text,
    answered: () => this.connection.answered(),
    failed: (error) => this.connection.failed(error),
    initialData: () => this.initialPage(),
  });
  private readonly rememberedLayout = new RememberedLayout(this, {
    userId: () => this.userId || undefined,
    page: () => this.loader.page,
  });
  private readonly loadMarks = new LoadMarks(this, {
    loading: () => this.loader.phase === "loading" && !this.loader.page,
    loaded: () => this.loader.page !== undefined,
    rendered: () => this.sectionsRendered(),
  });
  private readonly itemActions = new ItemActions(this, {
    ...this.user,
    page: () => this.loader.page,
    confirmed: () => this.loader.refresh(),
    announce: (message) => this.announcer.announce(message),
    messages: () => this.text,
  });
  private readonly activityPager = new ActivityPager(this, {
    ...this.user,
    page: () => this.loader.page,
    announce: (message) => this.announcer.announce(message),
    messages: () => this.text,
  });

  private builtClient: { baseUrl: string; client: IntroPageClient } | undefined;
  private embedded: InitialPage | null | undefined;
  private formatCache: { key: string; formatters: Formatters } | undefined;
  private focusAfterRetry = false;
  /** The block size the host reserved before the element was defined, held until every section rendered once; 0 holds nothing. */
  private heldBlockSize = 0;

  /**
   * Loads fresh data now (the poller keeps its schedule). Useful after the host
   * changed something the widget shows.
   */
  refresh(): void {
    this.loader.refresh();
  }

  // React 19 turns `onIntroPageAction` into a listener for an event named
  // "IntroPageAction"; map those names so the documented props just work.
  /** Adds a listener; React 19's `onIntroPageAction`-style names are mapped to the real event names. */
  override addEventListener<K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: HTMLElement, event: HTMLElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void {
    super.addEventListener(reactEventAliases[type] ?? type, listener, options);
  }

  /** Removes a listener added with {@link addEventListener}, under either name. */
  override removeEventListener<K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: HTMLElement, event: HTMLElementEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void {
    super.removeEventListener(reactEventAliases[type] ?? type, listener, options);
  }

  constructor() {
    super();
    // A tag the parser already laid out is upgraded while it still matches the host's
    // `intro-page:not(:defined)` rule (docs/embedding.md): remember the space that rule
    // reserved, which is lost as soon as the element is defined.
    if (this.isConnected) this.heldBlockSize = this.getBoundingClientRect().height;
  }

  /**
   * Resolves once this element and every section in it have rendered: each
   * section's first render happens in a task of its own (see SectionElement),
   * after this element's update.
   */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    const all = await this.sectionsRendered();
    return done && all;
  }

  protected override firstUpdated(changed: PropertyValues<this>): void {
    super.firstUpdated(changed);
    if (!this.heldBlockSize) return;
    // Sections fill in over the next few tasks; until the last one has, the frame keeps the
    // reserved space, so whatever follows the widget does not move up and then back down.
    void this.sectionsRendered().then(() => {
      this.heldBlockSize = 0;
      this.requestUpdate();
    });
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // Set through the CSSOM, not a style attribute, so a strict style-src policy allows it.
    const base = this.renderRoot.querySelector<HTMLElement>('[part="base"]');
    if (base) base.style.minBlockSize = this.heldBlockSize ? `${this.heldBlockSize}px` : "";
    this.restoreFocusAfterRetry();
  }

  /** True once every section element rendered (after the update that created it). */
  private async sectionsRendered(): Promise<boolean> {
    // No render root before the element was first connected: nothing to wait for.
    const root = this.renderRoot as HTMLElement | DocumentFragment | undefined;
    const sections = root?.querySelectorAll<ReactiveElement>("[data-section]") ?? [];
    const all = await Promise.all(Array.from(sections, (section) => section.updateComplete));
    return all.every(Boolean);
  }

  protected override render(): TemplateResult {
    const loader = this.loader;
    const text = this.text;
    const loading = loader.phase === "loading" || loader.phase === "idle";
    return html`
      <div part="base" class="base" lang=${text.lang} dir=${text.dir} aria-busy=${loading ? "true" : "false"}>
        ${loader.page ? this.renderConnectionNotice() : nothing}
        ${loader.phase === "error" && loader.error ? this.renderPageError() : this.renderSections(loading)}
        <div class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">${this.announcer.message}</div>
      </div>
    `;
  }

  /** The catalogue in use. */
  private get text() {
    return this.localization.messages;
  }

  private renderSections(loading: boolean): TemplateResult {
    const page = this.loader.page;
    const requested = parseSectionsAttribute(this.sections);
    const order = page
      ? // Once loaded, a section the page left out (switched off by a flag) is laid out as if hidden.
        resolveSectionOrder(requested, page.sections.personalization?.data?.layout, loading ? undefined : new Set(Object.keys(page.sections)))
      : // Skeletons stand where the sections will arrive: the user's layout as last seen here, else the contract's default order.
        resolveSectionOrder(requested, this.rememberedLayout.layout);
    return html`<div part="sections" class="sections">${order.map((name) => this.renderSection(name, loading))}</div>`;
  }

  private renderSection(name: SectionName, loading: boolean): unknown {
    const sections = this.loader.page?.sections;
    const formatters = this.formatters();
    const text = this.text;
    const now = this.clock.now;
    const wide = wideSections.has(name) ? "wide" : "";
    switch (name) {
      case "personalization":
        return html`<intro-page-welcome class=${wide} data-section=${name} exportparts=${exportedSectionParts}
          .envelope=${sections?.personalization} .formatters=${formatters} .messages=${text} .now=${now} ?loading=${loading}></intro-page-welcome>`;
      case "statistics":
        return html`<intro-page-statistics class=${wide} data-section=${name} exportparts=${exportedSectionParts}
          .envelope=${sections?.statistics} .formatters=${formatters} .messages=${text} .now=${now} ?loading=${loading}></intro-page-statistics>`;
      case "actions":
        return html`<intro-page-actions class=${wide} data-section=${name} exportparts=${exportedSectionParts}
          .envelope=${sections?.actions} .formatters=${formatters} .messages=${text} .now=${now} ?loading=${loading}
          .items=${this.itemActions.visibleItems} .openCount=${this.itemActions.openCount} .message=${this.itemActions.message}
          .restored=${this.itemActions.restored} @intro-page-item-action-request=${this.handleItemAction}></intro-page-actions>`;
      case "activity":
        return html`<intro-page-activity class=${wide} data-section=${name} exportparts=${exportedSectionParts}
          .envelope=${sections?.activity} .formatters=${formatters} .messages=${text} .now=${now} ?loading=${loading}
          .items=${this.activityPager.items} .hasMore=${this.activityPager.hasMore} .loadingMore=${this.activityPager.loading}
          .message=${this.activityPager.message}
          @intro-page-load-more-activity-request=${this.handleLoadMore}></intro-page-activity>`;
      case "system":
        return html`<intro-page-system class=${wide} data-section=${name} exportparts=${exportedSectionParts}
          .envelope=${sections?.system} .formatters=${formatters} .messages=${text} .now=${now} ?loading=${loading}></intro-page-system>`;
    }
  }

  /** Above content that could not be refreshed: what is wrong, how old the content is, and when we try again. */
  private renderConnectionNotice(): unknown {
    const { problem } = this.connection;
    const answeredAt = this.loader.answeredAt;
    if (!problem || answeredAt === undefined) return nothing;
    return html`<p part="connection-notice offline" class="connection-notice" data-problem=${problem}>
      <strong>${this.text.problems[problem].title}.</strong>
      ${this.text.showingLoaded(this.formatters().relative(Math.min(answeredAt, this.clock.now), this.clock.now))}
      ${this.nextAttempt(problem)}
    </p>`;
  }

  /** The page error, when nothing could be loaded. The live region announces it once; this text may count down. */
  private renderPageError(): TemplateResult {
    const problem = this.connection.problem ?? "failing";
    const { title, detail } = this.text.problems[problem];
    return html`<div part="page-error" class="page-error" data-problem=${problem}>
      <h2>${title}</h2>
      <p>${detail} ${problem === "offline" ? nothing : this.nextAttempt(problem)}</p>
      <button part="button retry-button" @click=${this.handleRetry}>${this.text.tryAgain}</button>
    </div>`;
  }

  /** When the next attempt happens: a countdown to the server's `Retry-After`, or what brings the page back. */
  private nextAttempt(problem: LoadProblem): string {
    const { retryAt } = this.connection;
    if (retryAt !== undefined) return this.text.retryIn(this.formatters().relative(Math.max(retryAt, this.clock.now), this.clock.now));
    return problem === "offline" ? this.text.problems.offline.detail : "";
  }

  /** The sentence the live region says once when `problem` starts. */
  private describeProblem(problem: LoadProblem): string {
    const { title, detail } = this.text.problems[problem];
    return `${title}. ${detail}`;
  }

  /** The client built from `api-base-url`; rebuilt only when the URL changes, so token changes never reload. */
  private ownClient(): IntroPageClient {
    const baseUrl = this.apiBaseUrl || globalThis.location.origin;
    if (this.builtClient?.baseUrl !== baseUrl) {
      const client = createIntroPageClient({
        baseUrl,
        // Never wait silently behind a skeleton: a longer wait (a long Retry-After) is left to the
        // page loader's poller, which the widget shows with a countdown.
        retry: { budgetMs: 2000 },
        // Read at request time: hosts may set or replace the provider after the element started.
        tokenProvider: () => (this.tokenProvider ? this.tokenProvider() : this.token),
      });
      this.builtClient = { baseUrl, client };
    }
    return this.builtClient.client;
  }

  /** The host's initial page: the property (or attribute), else the JSON script child. */
  private initialPage(): InitialPage | undefined {
    if (this.initialData) return { page: this.initialData, etag: this.initialEtag };
    if (this.embedded === undefined) {
      const script = this.querySelector<HTMLScriptElement>(':scope > script[type="application/json"]');
      try {
        this.embedded = script ? { page: JSON.parse(script.text) as IntroPage, etag: script.dataset.etag } : null;
      } catch {
        // Unreadable JSON is the same as none: the page loads as usual.
        this.embedded = null;
      }
    }
    return this.embedded ?? undefined;
  }

  /** The locale asked for: the host's, else the user's saved one, else the browser's. */
  private requestedLocale(): string | undefined {
    return this.locale || this.loader.page?.sections.personalization?.data?.locale || globalThis.navigator?.language;
  }

  private formatters(): Formatters {
    const locale = this.requestedLocale();
    const timeZone = this.loader.page?.sections.personalization?.data?.timezone;
    const key = `${locale}|${timeZone}`;
    if (this.formatCache?.key !== key) this.formatCache = { key, formatters: createFormatters(locale, timeZone) };
    return this.formatCache.formatters;
  }

  private readonly handleItemAction = (event: CustomEvent<ItemActionRequestDetail>): void => {
    void this.itemActions.run(event.detail.itemId, event.detail.action);
  };

  private readonly handleLoadMore = (): void => {
    void this.activityPager.loadMore();
  };

  private readonly handleRetry = (): void => {
    // The button goes away while loading; bring keyboard focus back once the outcome shows.
    this.focusAfterRetry = true;
    this.loader.retry();
  };

  /** After a retry from the page error: focus the first section heading, or the retry button if it failed again. */
  private restoreFocusAfterRetry(): void {
    const phase = this.loader.phase;
    if (!this.focusAfterRetry || (phase !== "ready" && phase !== "error")) return;
    this.focusAfterRetry = false;
    if (phase === "error") {
      this.renderRoot.querySelector<HTMLElement>('[part~="retry-button"]')?.focus();
      return;
    }
    const first = this.renderRoot.querySelector<HTMLElement & { focusHeading(): void; updateComplete: Promise<unknown> }>("[data-section]");
    void first?.updateComplete.then(() => first.focusHeading());
  }
}
