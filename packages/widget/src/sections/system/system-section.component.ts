import { css, html, nothing } from "lit";
import type { SystemOverview } from "../../page-model.js";
import { SectionElement } from "../shared/section-element.js";

const statusLabels: Record<SystemOverview["status"], string> = {
  operational: "All systems operational",
  degraded: "Some systems degraded",
  outage: "Service outage",
};

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
      .status strong::before {
        content: "";
        display: inline-block;
        width: 0.625rem;
        height: 0.625rem;
        margin-right: 0.5rem;
        border-radius: 50%;
        background: var(--intro-page-color-success);
      }
      .status[data-status="degraded"] strong::before {
        background: var(--intro-page-color-warning);
      }
      .status[data-status="outage"] strong::before {
        background: var(--intro-page-color-danger);
      }
      ul {
        display: grid;
        gap: 0.75rem;
      }
      li {
        padding: 0.75rem;
        border-left: 4px solid var(--intro-page-color-accent);
        border-radius: calc(var(--intro-page-radius) / 2);
        background: var(--intro-page-color-background);
      }
      li[data-severity="warning"] {
        border-left-color: var(--intro-page-color-warning);
      }
      li[data-severity="critical"] {
        border-left-color: var(--intro-page-color-danger);
      }
      li p {
        margin-top: 0.25rem;
      }
    `,
  ];

  protected override skeletonRows = 2;

  protected override heading(): string {
    return "System status";
  }

  protected override renderBody(data: SystemOverview): unknown {
    const format = this.formatters;
    return html`
      <p part="system-status" class="status" data-status=${data.status}>
        <strong>${statusLabels[data.status]}</strong>
        <span class="muted">${format.count(data.activeUsers)} people active today</span>
      </p>
      ${data.announcements.length > 0
        ? html`<ul aria-label="Announcements">
            ${data.announcements.map(
              (announcement) => html`<li part="announcement" data-severity=${announcement.severity}>
                <h3>${announcement.title}</h3>
                <p>${announcement.body}</p>
                <p class="muted">
                  <time datetime=${announcement.publishedAt}>${format.dateTime(announcement.publishedAt)}</time>
                  ${announcement.href
                    ? html` · <a href=${announcement.href}>Read more<span class="visually-hidden"> about ${announcement.title}</span></a>`
                    : nothing}
                </p>
              </li>`,
            )}
          </ul>`
        : html`<p part="empty" class="empty">No announcements.</p>`}
    `;
  }
}
