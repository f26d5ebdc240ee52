import { css, html } from "lit";
import type { Metric, Statistics } from "../../page-model.js";
import { SectionElement } from "../shared/section-element.js";

const trendWords = { up: "up", down: "down", flat: "no change" } as const;
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
      dl {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(8rem, 1fr));
        gap: 0.75rem;
        margin: 0;
      }
      .metric {
        padding: 0.75rem;
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
        grid-template-columns: repeat(auto-fill, minmax(8rem, 1fr));
      }
      .skeleton .bone {
        height: 5.5rem;
      }
    `,
  ];

  protected override skeletonRows = 4;

  protected override heading(): string {
    return "Your statistics";
  }

  protected override renderBody(data: Statistics): unknown {
    const format = this.formatters;
    const summary = [
      `Productivity score ${format.count(data.productivityScore)} of 100`,
      `${format.count(data.streakDays)}-day streak`,
      data.lastActiveAt ? `Last active ${format.relative(data.lastActiveAt)}` : undefined,
    ].filter(Boolean);
    return html`
      ${data.metrics.length > 0
        ? html`<dl>${data.metrics.map((metric) => this.renderMetric(metric))}</dl>`
        : html`<p part="empty" class="empty">No statistics yet. They appear after your first activity.</p>`}
      <p class="summary">${summary.join(" · ")}</p>
    `;
  }

  private renderMetric(metric: Metric): unknown {
    const format = this.formatters;
    const trend = metric.trend;
    return html`<div part="metric" class="metric">
      <dt>${metric.label}</dt>
      <dd part="metric-value" class="value">${format.metric(metric.value, metric.unit)}</dd>
      ${trend
        ? html`<dd class="trend">
            <span aria-hidden="true">${trendArrows[trend.direction]}</span>
            ${trendWords[trend.direction]}${trend.direction === "flat" ? "" : ` ${format.metric(Math.abs(trend.delta), metric.unit)}`}
            this ${trend.period}
          </dd>`
        : ""}
    </div>`;
  }
}
