import { html, LitElement, nothing } from "lit";
import type { TemplateResult } from "lit";
import { property } from "lit/decorators.js";
import { createFormatters } from "../../format/formatters.js";
import type { Formatters } from "../../format/formatters.js";
import type { SectionEnvelope, SectionName } from "../../page-model.js";
import { sectionStyles } from "./section.styles.js";

/** The `::part` names every section exposes; `<intro-page>` forwards them with `exportparts`. */
export const sectionParts = ["section", "section-heading", "notice", "empty", "skeleton", "button"] as const;

/**
 * Base class of the five section elements: a card with a heading, a notice when
 * the section is `stale` or `unavailable`, skeleton rows while loading, and the
 * section's own body otherwise. The heading and card are the same in every
 * state, so nothing above or beside a section moves when its data arrives.
 */
export abstract class SectionElement<Name extends SectionName> extends LitElement {
  static override styles = [sectionStyles];

  /** The section's envelope from the page; `undefined` while loading. */
  @property({ attribute: false }) accessor envelope: SectionEnvelope<Name> | undefined;

  /** True while the page is loading: the section shows skeleton rows. */
  @property({ type: Boolean, reflect: true }) accessor loading = false;

  /** Locale-aware formatting shared by all sections of one widget. */
  @property({ attribute: false }) accessor formatters: Formatters = createFormatters();

  /** The section title, also its accessible name. */
  protected abstract heading(): string;

  /** The section body for data that is present (`ok` or `stale`). */
  protected abstract renderBody(data: NonNullable<SectionEnvelope<Name>["data"]>): unknown;

  /** How many skeleton rows stand in for the body while loading. */
  protected skeletonRows = 3;

  override render(): TemplateResult {
    const data = this.envelope?.data;
    return html`
      <section part="section" aria-labelledby="heading">
        <h2 id="heading" part="section-heading" tabindex="-1">${this.heading()}</h2>
        ${this.renderNotice()}
        ${this.loading || !this.envelope
          ? this.renderSkeleton()
          : data
            ? this.renderBody(data as NonNullable<SectionEnvelope<Name>["data"]>)
            : nothing}
      </section>
    `;
  }

  /** Moves focus to the heading, for when the control that had focus disappears. */
  focusHeading(): void {
    this.renderRoot.querySelector<HTMLElement>("#heading")?.focus();
  }

  private renderNotice(): unknown {
    const envelope = this.envelope;
    if (this.loading || !envelope || envelope.status === "ok") return nothing;
    const text =
      envelope.status === "stale"
        ? `Live data is unavailable right now. Showing data from ${this.formatters.relative(envelope.asOf)}.`
        : `${this.heading()} cannot be shown right now. We will keep trying.`;
    return html`<p part="notice" class="notice" data-status=${envelope.status}>${text}</p>`;
  }

  private renderSkeleton(): TemplateResult {
    return html`<div part="skeleton" class="skeleton" aria-hidden="true">
      ${Array.from({ length: this.skeletonRows }, () => html`<div class="bone"></div>`)}
    </div>`;
  }
}
