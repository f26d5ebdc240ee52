import type { IntroPageClient, IntroPageError } from "@intro-page/sdk";
import type { ReactiveController, ReactiveControllerHost } from "lit";
import { emit } from "../events/emit.js";
import { introPageEvents } from "../events/intro-page-events.js";
import type { IntroPageActionDetail, IntroPageErrorDetail } from "../events/intro-page-events.js";
import type { ActionItem, IntroPage, ItemAction } from "../page-model.js";
import type { Messages } from "../i18n/messages.js";
import { sameArgs } from "./host-args.js";
import type { UserSource } from "./host-args.js";

/** What the item actions read from their host each time the host updates. */
export interface ItemActionsOptions extends UserSource {
  /** The page currently shown, whose actions section holds the items. */
  page(): IntroPage | undefined;
  /** Called after the server confirmed an action, to fetch a page that reflects it. */
  confirmed(): void;
  /** Says something in the host's polite live region. */
  announce(message: string): void;
  /** The catalogue to word messages in. */
  messages(): Messages;
}

/**
 * Completes and dismisses actionable items optimistically: an item leaves the
 * list at once and comes back in place, with a message, when the server
 * refuses or cannot be reached. Like `@lit/task`, it compares its args (client
 * and user) in `hostUpdate()`; when they change, pending outcomes are ignored
 * and every optimistic removal is forgotten.
 */
export class ItemActions implements ReactiveController {
  /** Why the last action was rolled back, shown in the actions section; `""` when none was. */
  message = "";
  /** The item the last failed action was on, now back in the list (a new object for each failure). */
  restored: { itemId: string; action: ItemAction } | undefined;

  /** Items hidden because an action on them is in flight or confirmed but not yet reflected by a fresh page. */
  private readonly hiddenItems = new Set<string>();
  private readonly inFlightItems = new Set<string>();
  /** Identifies the current args so outcomes that arrive after they changed are ignored. */
  private generation = 0;
  /** The client and user as of the host's last update: what actions are sent with. */
  private args: readonly [client: IntroPageClient | undefined, userId: string | undefined] | undefined;
  /** The page the hidden items were last checked against. */
  private checkedPage: IntroPage | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: ItemActionsOptions,
  ) {
    host.addController(this);
  }

  /** A detached host starts over with a fresh page when it is attached again: forget everything then. */
  hostDisconnected(): void {
    this.args = undefined;
  }

  /**
   * Before each host render: forgets all optimistic state when the client or
   * user changed, and forgets removals a newly arrived page agrees with (those
   * still in flight stay hidden).
   */
  hostUpdate(): void {
    const args = [this.options.client(), this.options.userId()] as const;
    if (!sameArgs(this.args, args)) {
      this.args = args;
      this.generation += 1;
      this.message = "";
      this.restored = undefined;
      this.hiddenItems.clear();
      this.inFlightItems.clear();
    }
    const page = this.options.page();
    if (page && page !== this.checkedPage) {
      this.checkedPage = page;
      const ids = new Set(actionItemsOf(page).map((item) => item.id));
      for (const id of this.hiddenItems) if (!ids.has(id) && !this.inFlightItems.has(id)) this.hiddenItems.delete(id);
    }
  }

  /** The actionable items to show: the page's, minus those hidden by an optimistic action. */
  get visibleItems(): ActionItem[] {
    return actionItemsOf(this.options.page()).filter((item) => !this.hiddenItems.has(item.id));
  }

  /** How many open items the server counts, adjusted for optimistic removals. */
  get openCount(): number {
    const actions = this.options.page()?.sections.actions?.data;
    if (!actions) return 0;
    const hidden = actions.items.filter((item) => this.hiddenItems.has(item.id)).length;
    return Math.max(0, actions.total - hidden);
  }

  /**
   * Completes or dismisses a visible item. Resolves once the server answered
   * (or the answer no longer matters); never rejects: a failure restores the
   * item, sets `message`, announces it and fires `intro-page-error`.
   */
  async run(itemId: string, action: ItemAction): Promise<void> {
    const [client, userId] = this.args ?? [];
    const item = this.visibleItems.find((candidate) => candidate.id === itemId);
    if (!client || !userId || !item || this.inFlightItems.has(itemId)) return;
    const generation = this.generation;
    this.inFlightItems.add(itemId);
    this.hiddenItems.add(itemId);
    this.message = "";
    this.host.requestUpdate();
    try {
      const outcome = await send(client, action, userId, itemId);
      if (generation !== this.generation) return;
      const messages = this.options.messages();
      this.options.announce(action === "complete" ? messages.completed(item.title) : messages.dismissed(item.title));
      emit<IntroPageActionDetail>(this.host, introPageEvents.action, { userId, action, item, outcome });
      this.options.confirmed();
    } catch (error) {
      if (generation !== this.generation) return;
      this.hiddenItems.delete(itemId);
      this.message = this.options.messages().actionFailed(action, item.title);
      this.restored = { itemId, action };
      this.options.announce(this.message);
      emit<IntroPageErrorDetail>(this.host, introPageEvents.error, { userId, operation: action, error: error as IntroPageError });
    } finally {
      if (generation === this.generation) this.inFlightItems.delete(itemId);
      this.host.requestUpdate();
    }
  }
}

function actionItemsOf(page: IntroPage | undefined): ActionItem[] {
  return page?.sections.actions?.data?.items ?? [];
}

function send(client: IntroPageClient, action: ItemAction, userId: string, itemId: string) {
  return action === "complete" ? client.completeAction({ userId, itemId }) : client.dismissAction({ userId, itemId });
}
