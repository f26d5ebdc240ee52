import { css, html, nothing } from "lit";
import type { SystemOverview } from "../../page-model.js";
import { plural } from "../../i18n/messages.js";
import { SectionElement } from "../shared/section-element.js";

/**
 * The system section: overall service status, active users and announcements.
 *
 * @tagname intro-page-system
 * @summary System status and announcements.
 * @csspart system-status - The overall status line.
 * @csspart announcement - Each announcement.
 */
export class IntroPageSystemElement extends SectionElement<"system"> {
  static override styles = [
    ...SectionElement.styles,
    css`
      :host {
        --section-min-height: 9rem;
      }
      .status {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem 1rem;
        margin-bottom: 0.75rem;
      }
      /* The dot is drawn with a border, which forced-colors mode keeps (it drops backgrounds). */
      .status strong::before {
        content: "";
        display: inline-block;
        box-sizing: border-box;
        width: 0.625rem;
        height: 0.625rem;
        margin-inline-end: 0.5rem;
        border: 0.3125rem solid var(--intro-page-color-success);
        border-radius: 50%;
      }
      .status[data-status="degraded"] strong::before {
        border-color: var(--intro-page-color-warning);
      }
      .status[data-status="outage"] strong::before {
        border-color: var(--intro-page-color-danger);
      }
      @media (forced-colors: active) {
        .status strong::before {
          border-color: CanvasText;
        }
      }
      ul {
        display: grid;
        gap: 0.75rem;
      }
      li {
        padding: 0.75rem;
        border: 1px solid transparent;
        border-inline-start: 4px solid var(--intro-page-color-accent);
        border-radius: calc(var(--intro-page-radius) / 2);
        background: var(--intro-page-color-background);
      }
      li[data-severity="warning"] {
        border-inline-start-color: var(--intro-page-color-warning);
      }
      li[data-severity="critical"] {
        border-inline-start-color: var(--intro-page-color-danger);
      }
      li p {
        margin-top: 0.25rem;
      }
      .bone.announcement {
        height: 7.5rem;
      }
    `,
  ];

  // The status line and two announcements.
  protected override skeletonBones = ["status", "announcement", "announcement"];

  protected override readonly sectionName = "system";

  protected override renderBody(data: SystemOverview): unknown {
    const format = this.formatters;
    const messages = this.messages;
    return html`
      <p part="system-status" class="status" data-status=${data.status}>
        <strong>${messages.systemStatus[data.status]}</strong>
        <span class="muted">${plural(messages.lang, data.activeUsers, messages.activeToday(format.count(data.activeUsers)))}</span>
      </p>
      ${data.announcements.length > 0
        ? html`<ul aria-label=${messages.announcements}>
            ${data.announcements.map(
              (announcement) => html`<li part="announcement" data-severity=${announcement.severity}>
                <h3>${this.renderSeverity(announcement.severity)}<span dir="auto">${announcement.title}</span></h3>
                <p dir="auto">${announcement.body}</p>
                <p class="muted">
                  <time datetime=${announcement.publishedAt}>${format.dateTime(announcement.publishedAt)}</time>
                  ${announcement.href
                    ? html` · <a href=${announcement.href}>${messages.readMore}<span class="visually-hidden">${messages.readMoreAbout(announcement.title)}</span></a>`
                    : nothing}
                </p>
              </li>`,
            )}
          </ul>`
        : html`<p part="empty" class="empty">${messages.noAnnouncements}</p>`}
    `;
  }
}
