import { css, html, nothing } from "lit";
import type { Personalization } from "../../page-model.js";
import { SectionElement } from "../shared/section-element.js";

/**
 * The welcome section: greeting, the user's welcome message, insights and
 * quick actions (the `personalization` section of the page).
 *
 * @tagname intro-page-welcome
 * @summary Greeting, insights and quick actions.
 * @csspart quick-action - Each quick action link.
 * @csspart insight - Each insight.
 */
export class IntroPageWelcomeElement extends SectionElement<"personalization"> {
  static override styles = [
    ...SectionElement.styles,
    css`
      :host {
        --section-min-height: 9rem;
      }
      .message {
        color: var(--intro-page-color-text);
        font-weight: 400;
      }
      .insights {
        display: grid;
        gap: 0.5rem;
        margin-top: 0.75rem;
      }
      .insights li {
        padding: 0.5rem 0.75rem;
        border: 1px solid transparent;
        border-inline-start: 4px solid var(--intro-page-color-accent);
        border-radius: calc(var(--intro-page-radius) / 2);
        background: var(--intro-page-color-background);
      }
      .insights li[data-severity="success"] {
        border-inline-start-color: var(--intro-page-color-success);
      }
      .insights li[data-severity="warning"] {
        border-inline-start-color: var(--intro-page-color-warning);
      }
      .quick-actions ul {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem;
        margin-top: 0.75rem;
      }
      .quick-actions li {
        max-width: 100%;
      }
      .skeleton {
        gap: 0.5rem;
      }
      .bone.line + .bone.insight,
      .bone.chips {
        margin-top: 0.25rem;
      }
      .bone.insight {
        height: 2.625rem;
      }
      .bone.chips {
        height: 2.375rem;
        width: min(100%, 24rem);
        border-radius: 999px;
      }
      @container section (max-width: 30rem) {
        .bone.line {
          height: 3rem;
        }
        .bone.insight {
          height: 4.125rem;
        }
        .bone.chips {
          height: 5.25rem;
          border-radius: calc(var(--intro-page-radius) / 2);
        }
      }
      /* A chip is one line: a long label is cut with an ellipsis and shown whole in its tooltip. */
      .quick-actions a {
        display: block;
        box-sizing: border-box;
        max-width: 100%;
        overflow: hidden;
        white-space: nowrap;
        text-overflow: ellipsis;
        line-height: 2.25rem;
        padding: 0 0.875rem;
        border: 1px solid var(--intro-page-color-accent);
        border-radius: 999px;
        text-decoration: none;
        font-weight: 600;
      }
    `,
  ];

  // The message, two insights and the row of quick actions, as a typical page has them; taller where they wrap.
  protected override skeletonBones = ["line", "insight", "insight", "chips"];

  protected override readonly sectionName = "personalization";

  protected override heading(): string {
    const name = this.envelope?.data?.displayName;
    return name ? this.messages.welcomeBack(name) : super.heading();
  }

  protected override renderBody(data: Personalization): unknown {
    const messages = this.messages;
    return html`
      <p class="message" dir="auto">${data.welcomeMessage}</p>
      ${data.insights.length > 0
        ? html`<ul class="insights" aria-label=${messages.insights}>
            ${data.insights.map(
              (insight) => html`<li part="insight" data-severity=${insight.severity}>${this.renderSeverity(insight.severity)}<span dir="auto">${insight.message}</span></li>`,
            )}
          </ul>`
        : nothing}
      ${data.quickActions.length > 0
        ? html`<nav class="quick-actions" aria-label=${messages.quickActions}>
            <ul>
              ${data.quickActions.map(
                (action) => html`<li><a part="quick-action" dir="auto" href=${action.href} title=${action.label}>${action.label}</a></li>`,
              )}
            </ul>
          </nav>`
        : nothing}
    `;
  }
}
