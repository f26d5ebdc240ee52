import { html, LitElement, nothing } from "lit";
import type { TemplateResult } from "lit";
import { property } from "lit/decorators.js";
import { createFormatters } from "../../format/formatters.js";
import type { Formatters } from "../../format/formatters.js";
import en from "../../i18n/locales/en.js";
import type { Messages, Severity } from "../../i18n/messages.js";
import type { SectionEnvelope, SectionName } from "../../page-model.js";
import { nextTask } from "../../scheduling/next-task.js";
import { sectionStyles } from "./section.styles.js";

/** The `::part` names every section exposes; `<intro-page>` forwards them with `exportparts`. */
export const sectionParts = ["section", "section-heading", "notice", "empty", "skeleton", "button", "severity"] as const;

/**
 * Base class of the five section elements: a card with a heading, a notice when
 * the section is `stale`, skeleton rows while loading, and the section's own
 * body otherwise. A section that is `unavailable` shrinks to its heading and a
 * one-line notice: an empty card the size of content would promise content.
 */
export abstract class SectionElement<Name extends SectionName> extends LitElement {
  static override styles = [sectionStyles];

  /** The section's envelope from the page; `undefined` while loading. */
  @property({ attribute: false }) envelope: SectionEnvelope<Name> | undefined;

  /** True while the page is loading: the section shows skeleton rows. */
  @property({ type: Boolean, reflect: true }) loading = false;

  /** Locale-aware formatting shared by all sections of one widget. */
  @property({ attribute: false }) formatters: Formatters = createFormatters();

  /** The message catalogue every string comes from. */
  @property({ attribute: false }) messages: Messages = en;

  /** The time relative times are measured from (the widget's ticking clock). */
  @property({ attribute: false }) now = Date.now();

  /** The section title, also its accessible name. */
  protected heading(): string {
    return this.messages.headings[this.sectionName];
  }

  /** Which section of the page this element shows. */
  protected abstract readonly sectionName: Name;

  /** The section body for data that is present (`ok` or `stale`). */
  protected abstract renderBody(data: NonNullable<SectionEnvelope<Name>["data"]>): unknown;

  /**
   * The placeholders standing in for the body while loading, one class name
   * each: each section gives its classes the block size its content usually
   * has, so the content replaces the skeleton without moving what follows.
   */
  protected skeletonBones: readonly string[] = ["row", "row", "row"];

  /**
   * The first render waits for a task of its own: a widget's five sections
   * then render one per task, top to bottom, instead of all in the task that
   * created them, which on a slow phone blocked input for a few hundred
   * milliseconds. Later updates are as quick as Lit makes them.
   */
  protected override scheduleUpdate(): void | Promise<unknown> {
    if (this.hasUpdated) return super.scheduleUpdate();
    return nextTask().then(() => super.scheduleUpdate());
  }

  override render(): TemplateResult {
    const data = this.envelope?.data;
    // The card's class is not "skeleton": that is the placeholder's, whose grid gap must not space the heading.
    const showing = this.loading || !this.envelope ? "loading" : data ? "body" : "unavailable";
    return html`
      <section part="section" class=${showing} aria-labelledby="heading">
        <h2 id="heading" part="section-heading" tabindex="-1">${this.heading()}</h2>
        ${showing === "loading"
          ? this.renderSkeleton()
          : showing === "unavailable"
            ? html`<p part="notice" class="notice" data-status="unavailable">${this.messages.sectionUnavailable}</p>`
            : [this.renderStaleNotice(), this.renderBody(data as NonNullable<SectionEnvelope<Name>["data"]>)]}
      </section>
    `;
  }

  /** Moves focus to the heading, for when the control that had focus disappears. */
  focusHeading(): void {
    this.renderRoot.querySelector<HTMLElement>("#heading")?.focus();
  }

  /** A time relative to the widget's clock, e.g. "5 minutes ago". */
  protected relative(iso: string): string {
    return this.formatters.relative(iso, this.now);
  }

  /** The visible word for a severity, so it is never told by color alone. */
  protected renderSeverity(severity: Severity): TemplateResult {
    return html`<span part="severity" class="severity" data-severity=${severity}>${this.messages.severities[severity]}</span>`;
  }

  private renderStaleNotice(): unknown {
    const envelope = this.envelope;
    if (envelope?.status !== "stale") return nothing;
    return html`<p part="notice" class="notice" data-status="stale">${this.messages.sectionStale(this.relative(envelope.asOf))}</p>`;
  }

  private renderSkeleton(): TemplateResult {
    return html`<div part="skeleton" class="skeleton" aria-hidden="true">
      ${this.skeletonBones.map((shape) => html`<div class="bone ${shape}"></div>`)}
    </div>`;
  }
}
