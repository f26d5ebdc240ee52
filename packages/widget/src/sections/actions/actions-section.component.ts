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
      .skeleton .bone {
        height: 2.75rem;
      }
    `,
  ];

  /** The items to list (the page's items minus those removed optimistically). */
  @property({ attribute: false }) items: ActionItem[] = [];

  /** How many open items there are in all, including those beyond `items`. */
  @property({ attribute: false }) openCount = 0;

  /** Why the last action was rolled back; empty when there is nothing to say. */
  @property({ attribute: false }) message = "";

  protected override skeletonRows = 4;

  /** The item whose Complete button should take focus after the next render. */
  private focusAfterRender: string | undefined;

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
        ? html`<ul aria-label=${messages.openItems}>${repeat(this.items, (item) => item.id, (item) => this.renderItem(item))}</ul>`
        : html`<p part="empty" class="empty">${messages.allCaughtUp}</p>`}
    `;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const target = this.focusAfterRender;
    if (target === undefined || !changed.has("items")) return;
    this.focusAfterRender = undefined;
    const button = this.renderRoot.querySelector<HTMLButtonElement>(`li[data-id="${CSS.escape(target)}"] button`);
    if (button) button.focus();
    else this.focusHeading();
  }

  private renderItem(item: ActionItem): unknown {
    const format = this.formatters;
    const messages = this.messages;
    const due = item.dueAt ? Date.parse(item.dueAt) : undefined;
    const overdue = due !== undefined && due < Date.now();
    const titleId = `title-${item.id}`;
    return html`<li part="action-item" data-id=${item.id} data-priority=${item.priority}>
      <div class="item">
        ${item.href
          ? html`<a class="title" id=${titleId} href=${item.href}>${item.title}</a>`
          : html`<span class="title" id=${titleId}>${item.title}</span>`}
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
        <button part="button complete-button" class="primary" @click=${() => this.requestAction(item, "complete")}>
          ${messages.complete}<span class="visually-hidden"> ${item.title}</span>
        </button>
        <button part="button dismiss-button" @click=${() => this.requestAction(item, "dismiss")}>
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
    request<ItemActionRequestDetail>(this, itemActionRequest, { itemId: item.id, action });
  }
}
