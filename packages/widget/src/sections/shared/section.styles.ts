import { css } from "lit";
import { visuallyHidden } from "../../styles/shared.styles.js";

/**
 * Styles every section card shares. Colors, spacing and radii come from the
 * `--intro-page-*` custom properties declared (with defaults) on `<intro-page>`;
 * custom properties inherit into these nested shadow roots. Sides are logical
 * (`inline-start`), so a right-to-left page mirrors the accent bars; any text
 * may be as long as the contract allows, so it wraps anywhere it must and no
 * flex or grid child refuses to shrink (`min-width: 0`). A card contains its
 * layout (what happens inside never lays out the page again) and is a size
 * container, so skeleton bones size themselves by the card's width the way the
 * content they stand for wraps by it.
 */
export const sectionStyles = css`
  :host {
    display: block;
    min-width: 0;
    contain: layout style;
  }

  section {
    container: section / inline-size;
    box-sizing: border-box;
    height: 100%;
    min-width: 0;
    min-height: var(--section-min-height, 10rem);
    padding: var(--intro-page-padding);
    border: 1px solid var(--intro-page-color-border);
    border-radius: var(--intro-page-radius);
    background: var(--intro-page-color-surface);
    color: var(--intro-page-color-text);
    overflow-wrap: anywhere;
  }

  /* Nothing to show: a heading and one line, not a tall empty card. */
  section.unavailable {
    height: auto;
    min-height: 0;
  }

  h2 {
    margin: 0 0 0.75rem;
    font-size: 1.125rem;
    line-height: 1.75rem;
    font-weight: 600;
  }

  h3 {
    margin: 0;
    font-size: 1rem;
    line-height: 1.5rem;
    font-weight: 600;
  }

  p {
    margin: 0;
  }

  ul,
  ol {
    margin: 0;
    padding: 0;
    list-style: none;
  }

  li {
    min-width: 0;
  }

  a {
    color: var(--intro-page-color-accent);
    text-underline-offset: 0.15em;
  }

  a:focus-visible,
  button:focus-visible,
  [tabindex]:focus-visible {
    outline: var(--intro-page-focus-ring);
    outline-offset: 2px;
  }

  button {
    font: inherit;
    min-height: 2.25rem;
    max-width: 100%;
    padding: 0.25rem 0.75rem;
    border: 1px solid var(--intro-page-color-border);
    border-radius: calc(var(--intro-page-radius) / 1.5);
    background: var(--intro-page-color-background);
    color: var(--intro-page-color-text);
    cursor: pointer;
  }

  button.primary {
    border-color: var(--intro-page-color-accent);
    background: var(--intro-page-color-accent);
    color: var(--intro-page-color-on-accent);
  }

  button:disabled {
    cursor: progress;
    opacity: 0.7;
  }

  .muted {
    color: var(--intro-page-color-text-muted);
  }

  .notice {
    margin: 0 0 0.75rem;
    padding: 0.5rem 0.75rem;
    border: 1px solid transparent;
    border-inline-start: 4px solid var(--intro-page-color-warning);
    border-radius: calc(var(--intro-page-radius) / 2);
    background: var(--intro-page-color-background);
  }

  .notice[data-status="unavailable"] {
    margin: 0;
    border-inline-start-color: var(--intro-page-color-danger);
  }

  /* The severity word before an insight or announcement: meaning never by color alone. */
  .severity {
    display: inline-block;
    margin-inline-end: 0.5rem;
    padding: 0 0.375rem;
    border: 1px solid currentColor;
    border-radius: calc(var(--intro-page-radius) / 3);
    font-size: 0.75rem;
    line-height: 1.25rem;
    font-weight: 700;
    text-transform: uppercase;
    letter-spacing: 0.02em;
  }

  .severity[data-severity="success"] {
    color: var(--intro-page-color-success);
  }

  .severity[data-severity="warning"] {
    color: var(--intro-page-color-warning);
  }

  .severity[data-severity="critical"] {
    color: var(--intro-page-color-danger);
  }

  .empty {
    padding: 1rem 0;
    color: var(--intro-page-color-text-muted);
  }

  .message {
    margin: 0 0 0.75rem;
    color: var(--intro-page-color-danger);
    font-weight: 600;
  }

  .skeleton {
    display: grid;
    gap: 0.75rem;
  }

  .bone {
    height: 1.5rem;
    border-radius: calc(var(--intro-page-radius) / 2);
    background: var(--intro-page-color-skeleton);
    animation: pulse 1.6s ease-in-out infinite;
  }

  @keyframes pulse {
    50% {
      opacity: 0.45;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .bone {
      animation: none;
    }
  }

  /* Forced colors drop backgrounds: draw what carries meaning with borders in system colors. */
  @media (forced-colors: active) {
    section,
    .notice {
      border-color: CanvasText;
    }
    .bone {
      border: 1px solid GrayText;
      background: Canvas;
    }
    .severity {
      color: CanvasText;
      border-color: CanvasText;
    }
  }

  ${visuallyHidden}
`;
