import type { IntroPageClient, IntroPageError } from "@intro-page/sdk";
import type { ReactiveController, ReactiveControllerHost } from "lit";
import { emit } from "../events/emit.js";
import { introPageEvents } from "../events/intro-page-events.js";
import type { IntroPageErrorDetail } from "../events/intro-page-events.js";
import type { ActivityItem, IntroPage } from "../page-model.js";
import { plural } from "../i18n/messages.js";
import type { Messages } from "../i18n/messages.js";
import { sameArgs } from "./host-args.js";
import type { UserSource } from "./host-args.js";

/** How many activity entries "Load more" asks for. */
const activityPageSize = 20;

/** What the activity pager reads from its host each time the host updates. */
export interface ActivityPagerOptions extends UserSource {
  /** The page currently shown, whose activity section is the first page. */
  page(): IntroPage | undefined;
  /** Says something in the host's polite live region. */
  announce(message: string): void;
  /** The catalogue to word messages in. */
  messages(): Messages;
}

/**
 * Pages activity backwards ("Load more") from the first page the intro page
 * brings, by the section's keyset cursor. Like `@lit/task`, it compares its
 * args (client and user) in `hostUpdate()`; when they change, the older pages
 * are dropped and a request still in flight is ignored.
 */
export class ActivityPager implements ReactiveController {
  /** True while a further page is loading. */
  loading = false;
  /** Why the last "load more" failed; `""` when it did not. */
  message = "";

  private older: ActivityItem[] = [];
  /** The cursor after the last older page; `undefined` until one was loaded. */
  private olderCursor: string | null | undefined;
  /** Identifies the current args so answers that arrive after they changed are ignored. */
  private generation = 0;
  /** The client and user as of the host's last update: what requests are sent with. */
  private args: readonly [client: IntroPageClient | undefined, userId: string | undefined] | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: ActivityPagerOptions,
  ) {
    host.addController(this);
  }

  /** A detached host starts over with a fresh page when it is attached again: drop older pages then. */
  hostDisconnected(): void {
    this.args = undefined;
  }

  /** Before each host render: starts over when the client or user changed. */
  hostUpdate(): void {
    const args = [this.options.client(), this.options.userId()] as const;
    if (sameArgs(this.args, args)) return;
    this.args = args;
    this.generation += 1;
    this.loading = false;
    this.message = "";
    this.older = [];
    this.olderCursor = undefined;
  }

  /** The activity to show: the page's first page plus the older pages loaded since, without repeats. */
  get items(): ActivityItem[] {
    const first = this.options.page()?.sections.activity?.data?.items ?? [];
    const seen = new Set(first.map((item) => item.id));
    return [...first, ...this.older.filter((item) => !seen.has(item.id))];
  }

  /** True when there is older activity to load. */
  get hasMore(): boolean {
    return Boolean(this.cursor);
  }

  /**
   * Loads the next older page and appends it. Resolves once it is shown (or no
   * longer matters); never rejects: a failure sets `message` and fires
   * `intro-page-error`.
   */
  async loadMore(): Promise<void> {
    const [client, userId] = this.args ?? [];
    const cursor = this.cursor;
    if (!client || !userId || !cursor || this.loading) return;
    const generation = this.generation;
    this.loading = true;
    this.message = "";
    this.host.requestUpdate();
    try {
      const section = await client.getActivity({ userId, cursor, limit: activityPageSize });
      if (generation !== this.generation) return;
      // The section endpoint answers with the section envelope; `data` is null when activity is unavailable.
      const older = section.data;
      if (!older) {
        this.message = this.options.messages().olderUnavailable;
        return;
      }
      this.older = [...this.older, ...older.items];
      this.olderCursor = older.nextCursor;
      const count = older.items.length;
      const messages = this.options.messages();
      this.options.announce(plural(messages.lang, count, messages.loadedMore(new Intl.NumberFormat(messages.lang).format(count))));
    } catch (error) {
      if (generation !== this.generation) return;
      this.message = this.options.messages().loadMoreFailed;
      emit<IntroPageErrorDetail>(this.host, introPageEvents.error, { userId, operation: "loadMoreActivity", error: error as IntroPageError });
    } finally {
      if (generation === this.generation) this.loading = false;
      this.host.requestUpdate();
    }
  }

  private get cursor(): string | null | undefined {
    return this.olderCursor !== undefined ? this.olderCursor : this.options.page()?.sections.activity?.data?.nextCursor;
  }
}
