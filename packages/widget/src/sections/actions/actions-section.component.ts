import { css, html, nothing } from "lit";
import type { PropertyValues } from "lit";
import { property } from "lit/decorators.js";
import { repeat } from "lit/directives/repeat.js";
import { request } from "../../events/emit.js";
import type { ActionItem, Actions, ItemAction } from "../../page-model.js";
import { plural } from "../../i18n/messages.js";
import type { PluralForms } from "../../i18n/messages.js";
import { SectionElement } from "../shared/section-element.js";

/** Internal request from the actions section to `<intro-page>`: act on an item. */
export const itemActionRequest = "intro-page-item-action-request";

/** Detail of {@link itemActionRequest}. */
export interface ItemActionRequestDetail {
  itemId: string;
  action: ItemAction;
}

/**
 * The actionable items section: open tasks, approvals, reviews, mentions and
 * reminders, most pressing first, each with Complete and Dismiss buttons.
 *
 * @tagname intro-page-actions
 * @summary Actionable items with complete and dismiss.
 * @csspart action-item - Each item row.
 * @csspart complete-button - Each item's Complete button.
 * @csspart dismiss-button - Each item's Dismiss button.
 * @csspart priority - Each item's priority label.
 * @csspart action-message - Why the last action was rolled back.
 * @csspart item-title - Each item's title, when it is a link.
 */
export class IntroPageActionsElement extends SectionElement<"actions"> {
  static override styles = [
    ...SectionElement.styles,
    css`
      :host {
        --section-min-height: 16rem;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
        justify-content: space-between;
        padding: 0.625rem 0;
        border-top: 1px solid var(--intro-page-color-border);
      }
      li:first-child {
        border-top: 0;
      }
      .item {
        flex: 1 1 12rem;
        min-width: 0;
      }
      .title {
        display: block;
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      .meta {
        font-size: 0.875rem;
        color: var(--intro-page-color-text-muted);
      }
      .priority {
        font-weight: 600;
      }
      li[data-priority="urgent"] .priority,
      li[data-priority="high"] .priority,
      .overdue {
        color: var(--intro-page-color-danger);
      }
      .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        min-width: 0;
      }
      .skeleton {
        gap: 0.625rem;
      }
      .bone.meta {
        height: 1.3125rem;
        width: min(100%, 16rem);
      }
      .bone.row {
        height: 3.5rem;
      }
    `,
  ];

  /** The items to list (the page's items minus those removed optimistically). */
  @property({ attribute: false }) items: ActionItem[] = [];

  /** How many open items there are in all, including those beyond `items`. */
  @property({ attribute: false }) openCount = 0;

  /** Why the last action was rolled back; empty when there is nothing to say. */
  @property({ attribute: false }) message = "";

  /** The item an action just failed on, now back in the list: it gets focus back if focus was in this section. */
  @property({ attribute: false }) restored: { itemId: string; action: ItemAction } | undefined;

  // The counts line, then rows as tall as an item (title and meta beside the buttons).
  protected override skeletonBones = ["meta", "row", "row", "row", "row", "row", "row", "row"];

  /** The item whose Complete button should take focus after the next render. */
  private focusAfterRender: string | undefined;

  /**
   * The one row whose controls are in the tab order: the list is a single tab
   * stop of at most three controls, and the arrow keys move between rows.
   */
  private activeId: string | undefined;

  protected override readonly sectionName = "actions";

  protected override renderBody(data: Actions): unknown {
    const { count } = this.formatters;
    const messages = this.messages;
    const counted = (value: number, forms: (formatted: string) => PluralForms) => plural(messages.lang, value, forms(count(value)));
    const counts = [counted(this.openCount, messages.openCount), counted(data.urgent, messages.urgentCount)];
    if (data.overdue > 0) counts.push(counted(data.overdue, messages.overdueCount));
    return html`
      <p class="meta">${counts.join(" · ")}</p>
      ${this.message ? html`<p class="message" part="action-message">${this.message}</p>` : nothing}
      ${this.items.length > 0
        ? html`<p id="list-hint" class="visually-hidden">${messages.listHint}</p>
            <ul aria-label=${messages.openItems} aria-describedby="list-hint" @keydown=${this.handleKeydown} @focusin=${this.handleFocusIn}>
              ${repeat(this.items, (item) => item.id, (item) => this.renderItem(item, item.id === this.activeRow()))}
            </ul>`
        : html`<p part="empty" class="empty">${messages.allCaughtUp}</p>`}
    `;
  }

  /** The row in the tab order: the last one used, else the first. */
  private activeRow(): string | undefined {
    return this.items.some((item) => item.id === this.activeId) ? this.activeId : this.items[0]?.id;
  }

  /** After an optimistic removal: focus the neighbour's same control. */
  private focusNeighbour(changed: PropertyValues<this>): void {
    const target = this.focusAfterRender;
    if (target === undefined || !changed.has("items")) return;
    this.focusAfterRender = undefined;
    const button = this.renderRoot.querySelector<HTMLButtonElement>(`li[data-id="${CSS.escape(target)}"] button`);
    if (button) button.focus();
    else this.focusHeading();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // The item an action failed on is the one to act on again: it becomes the row in the tab order.
    if (changed.has("restored") && this.restored && this.matches(":focus-within")) {
      this.activeId = this.restored.itemId;
      this.focusRestored = this.restored;
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.focusNeighbour(changed);
    const restored = this.focusRestored;
    if (!restored) return;
    this.focusRestored = undefined;
    this.focusFocusable(restored.itemId, `${restored.action}-button`);
  }

  private focusRestored: { itemId: string; action: ItemAction } | undefined;

  /** Focuses the control `part` in the row of `itemId` (or that row's first control). */
  private focusFocusable(itemId: string, part: string): void {
    const row = this.renderRoot.querySelector(`li[data-id="${CSS.escape(itemId)}"]`);
    (row?.querySelector<HTMLElement>(`[part~="${part}"]`) ?? row?.querySelector<HTMLElement>("a, button"))?.focus();
  }

  private readonly handleKeydown = (event: KeyboardEvent): void => {
    const target = event.target as HTMLElement;
    const row = target.closest("li");
    const index = this.items.findIndex((item) => item.id === row?.dataset.id);
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: this.items.length - 1 };
    const next = this.items[moves[event.key] ?? -1];
    if (index < 0 || !next || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    // The same control in the next row: Down from a Complete button lands on the next Complete button.
    const part = [...target.part].find((name) => name.endsWith("-button")) ?? "item-title";
    this.activeId = next.id;
    this.requestUpdate();
    void this.updateComplete.then(() => this.focusFocusable(next.id, part));
  };

  private readonly handleFocusIn = (event: FocusEvent): void => {
    const id = (event.target as HTMLElement).closest("li")?.dataset.id;
    if (id && id !== this.activeId) {
      this.activeId = id;
      this.requestUpdate();
    }
  };

  private renderItem(item: ActionItem, inTabOrder: boolean): unknown {
    const format = this.formatters;
    const messages = this.messages;
    const due = item.dueAt ? Date.parse(item.dueAt) : undefined;
    const overdue = due !== undefined && due < this.now;
    const titleId = `title-${item.id}`;
    const tabindex = inTabOrder ? "0" : "-1";
    return html`<li part="action-item" data-id=${item.id} data-priority=${item.priority}>
      <div class="item">
        ${item.href
          ? html`<a class="title" part="item-title" dir="auto" id=${titleId} href=${item.href} tabindex=${tabindex}>${item.title}</a>`
          : html`<span class="title" dir="auto" id=${titleId}>${item.title}</span>`}
        <span class="meta">
          ${messages.kinds[item.kind]} ·
          <span part="priority" class="priority">${messages.priorities[item.priority]}</span>
          ${item.dueAt
            ? html` · <time class=${overdue ? "overdue" : ""} datetime=${item.dueAt} title=${format.dateTime(item.dueAt)}
                  >${(overdue ? messages.overdue : messages.due)(this.relative(item.dueAt))}</time
                >`
            : nothing}
        </span>
      </div>
      <div class="buttons">
        <button part="button complete-button" class="primary" tabindex=${tabindex} @click=${() => this.requestAction(item, "complete")}>
          ${messages.complete}<span class="visually-hidden"> ${item.title}</span>
        </button>
        <button part="button dismiss-button" tabindex=${tabindex} @click=${() => this.requestAction(item, "dismiss")}>
          ${messages.dismiss}<span class="visually-hidden"> ${item.title}</span>
        </button>
      </div>
    </li>`;
  }

  private requestAction(item: ActionItem, action: ItemAction): void {
    // The item disappears optimistically; keep keyboard users in the list
    // by focusing the next item (or the previous one, or the heading).
    const index = this.items.indexOf(item);
    const neighbour = this.items[index + 1] ?? this.items[index - 1];
    this.focusAfterRender = neighbour?.id ?? "";
    this.activeId = neighbour?.id;
    request<ItemActionRequestDetail>(this, itemActionRequest, { itemId: item.id, action });
  }
}
