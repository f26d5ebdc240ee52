import { css, html, nothing } from "lit";
import type { PropertyValues } from "lit";
import { property } from "lit/decorators.js";
import { repeat } from "lit/directives/repeat.js";
import { request } from "../../events/emit.js";
import type { Activity, ActivityItem } from "../../page-model.js";
import { SectionElement } from "../shared/section-element.js";

/** Internal request from the activity section to `<intro-page>`: load the next page. */
export const loadMoreActivityRequest = "intro-page-load-more-activity-request";

/**
 * The activity section: what happened recently, newest first, with a
 * "Load more" button that pages further back.
 *
 * @tagname intro-page-activity
 * @summary Recent activity with "load more".
 * @csspart activity-item - Each activity entry.
 * @csspart load-more-button - The "Load more activity" button.
 */
export class IntroPageActivityElement extends SectionElement<"activity"> {
  static override styles = [
    ...SectionElement.styles,
    css`
      :host {
        --section-min-height: 16rem;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        align-items: baseline;
        gap: 0.25rem 1rem;
        padding: 0.5rem 0;
        border-top: 1px solid var(--intro-page-color-border);
      }
      li:first-child {
        border-top: 0;
      }
      li:focus-visible {
        outline: var(--intro-page-focus-ring);
      }
      .entry {
        flex: 1 1 12rem;
        min-width: 0;
      }
      time {
        font-size: 0.875rem;
        color: var(--intro-page-color-text-muted);
      }
      .more {
        margin-top: 0.75rem;
      }
      .skeleton {
        gap: 1rem;
      }
      .bone.row {
        height: 1.5625rem;
      }
    `,
  ];

  /** Every entry to show: the page's plus older pages loaded so far. */
  @property({ attribute: false }) items: ActivityItem[] = [];

  /** Whether there is older activity to load. */
  @property({ attribute: false }) hasMore = false;

  /** True while the next page is loading. */
  @property({ attribute: false }) loadingMore = false;

  /** Why loading more failed; empty when it did not. */
  @property({ attribute: false }) message = "";

  // Rows as tall as a one-line entry.
  protected override skeletonBones = Array.from({ length: 10 }, () => "row");

  /** Index of the first entry of the page being loaded, to focus when the button goes away. */
  private firstNewIndex: number | undefined;

  protected override readonly sectionName = "activity";

  protected override renderBody(_data: Activity): unknown {
    const format = this.formatters;
    const messages = this.messages;
    const verb = (code: string) => messages.verbs[code] ?? code.replaceAll("_", " ");
    return html`
      ${this.items.length > 0
        ? html`<ol aria-label=${messages.activityList}>
            ${repeat(
              this.items,
              (item) => item.id,
              (item) => html`<li part="activity-item" tabindex=${item === this.items[this.firstNewIndex ?? -1] ? "-1" : nothing}>
                <span class="entry">${messages.activity(item.actor.name, verb(item.verb))}
                  ${item.object.href ? html`<a href=${item.object.href}>${item.object.title}</a>` : html`<strong>${item.object.title}</strong>`}</span>
                <time datetime=${item.occurredAt} title=${format.dateTime(item.occurredAt)}>${this.relative(item.occurredAt)}</time>
              </li>`,
            )}
          </ol>`
        : html`<p part="empty" class="empty">${messages.noActivity}</p>`}
      ${this.message ? html`<p class="message">${this.message}</p>` : nothing}
      ${this.hasMore
        ? html`<div class="more">
            <button part="button load-more-button" aria-disabled=${this.loadingMore ? "true" : "false"} @click=${this.requestMore}>
              ${this.loadingMore ? messages.loadingMore : messages.loadMore}
            </button>
          </div>`
        : nothing}
    `;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // When the last page arrived the button is gone; move focus to the first new entry so it is not lost.
    if (changed.has("hasMore") && !this.hasMore && this.firstNewIndex !== undefined) {
      this.renderRoot.querySelector<HTMLElement>('li[tabindex="-1"]')?.focus();
    }
  }

  private requestMore(): void {
    if (this.loadingMore) return;
    this.firstNewIndex = this.items.length;
    request(this, loadMoreActivityRequest, undefined);
  }
}
