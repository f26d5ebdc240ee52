import { css, html } from "lit";
import type { Metric, Statistics } from "../../page-model.js";
import { plural } from "../../i18n/messages.js";
import { SectionElement } from "../shared/section-element.js";

const trendArrows = { up: "▲", down: "▼", flat: "■" } as const;

/**
 * The statistics section: the host domain's metrics with trends, plus the
 * productivity score, streak and last activity.
 *
 * @tagname intro-page-statistics
 * @summary Metrics with trends.
 * @csspart metric - Each metric tile.
 * @csspart metric-value - The value inside a metric tile.
 */
export class IntroPageStatisticsElement extends SectionElement<"statistics"> {
  static override styles = [
    ...SectionElement.styles,
    css`
      :host {
        --section-min-height: 12rem;
      }
      /* Tiles never narrower than their container allows, and values wrap rather than being cut. */
      dl {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 9rem), 1fr));
        gap: 0.75rem;
        margin: 0;
      }
      .metric {
        min-width: 0;
        padding: 0.75rem;
        border: 1px solid transparent;
        border-radius: calc(var(--intro-page-radius) / 1.5);
        background: var(--intro-page-color-background);
      }
      dt {
        color: var(--intro-page-color-text-muted);
        font-size: 0.875rem;
      }
      dd {
        margin: 0;
      }
      .value {
        font-size: 1.5rem;
        line-height: 2rem;
        font-weight: 700;
        font-variant-numeric: tabular-nums;
      }
      .value data {
        overflow-wrap: anywhere;
      }
      .trend {
        font-size: 0.875rem;
        color: var(--intro-page-color-text-muted);
      }
      .summary {
        margin-top: 0.75rem;
        color: var(--intro-page-color-text-muted);
      }
      .skeleton {
        grid-template-columns: repeat(auto-fill, minmax(min(100%, 9rem), 1fr));
      }
      .skeleton .bone.metric {
        height: 8.5rem;
      }
      .skeleton .bone.summary {
        grid-column: 1 / -1;
      }
    `,
  ];

  // Metric tiles (label, value, trend) and the summary line below them.
  protected override skeletonBones = ["metric", "metric", "metric", "metric", "summary"];

  protected override readonly sectionName = "statistics";

  protected override renderBody(data: Statistics): unknown {
    const format = this.formatters;
    const messages = this.messages;
    const summary = [
      messages.productivityScore(format.count(data.productivityScore)),
      plural(messages.lang, data.streakDays, messages.streak(format.count(data.streakDays))),
      data.lastActiveAt ? messages.lastActive(this.relative(data.lastActiveAt)) : undefined,
    ].filter(Boolean);
    return html`
      ${data.metrics.length > 0
        ? html`<dl>${data.metrics.map((metric) => this.renderMetric(metric))}</dl>`
        : html`<p part="empty" class="empty">${messages.noStatistics}</p>`}
      <p class="summary">${summary.join(" · ")}</p>
    `;
  }

  private renderMetric(metric: Metric): unknown {
    const format = this.formatters;
    const trend = metric.trend;
    return html`<div part="metric" class="metric">
      <dt dir="auto">${metric.label}</dt>
      <dd part="metric-value" class="value"><data value=${metric.value}>${format.metric(metric.value, metric.unit)}</data></dd>
      ${trend
        ? html`<dd class="trend">
            <span aria-hidden="true">${trendArrows[trend.direction]}</span>
            ${this.messages.trend(trend.direction, format.metric(Math.abs(trend.delta), metric.unit), trend.period)}
          </dd>`
        : ""}
    </div>`;
  }
}
