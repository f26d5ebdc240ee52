import { css } from "lit";
import { darkPalette, visuallyHidden } from "../styles/shared.styles.js";

/**
 * `<intro-page>` styles. Every themeable value is a `--intro-page-*` custom
 * property declared here with its light default; the dark palette overrides
 * the same properties. Host pages override them on the element itself, which
 * beats these `:host` rules in the cascade.
 */
export const introPageStyles = css`
  :host {
    --intro-page-font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
    --intro-page-color-text: #1f2328;
    --intro-page-color-text-muted: #57606a;
    --intro-page-color-background: #f6f8fa;
    --intro-page-color-surface: #ffffff;
    --intro-page-color-border: #d0d7de;
    --intro-page-color-accent: #0a58ca;
    --intro-page-color-on-accent: #ffffff;
    --intro-page-color-danger: #b42318;
    --intro-page-color-warning: #9a6700;
    --intro-page-color-success: #1a7f37;
    --intro-page-color-skeleton: #e5e9ee;
    --intro-page-radius: 12px;
    --intro-page-gap: 1rem;
    --intro-page-padding: 1.25rem;
    --intro-page-focus-ring: 3px solid #0a58ca;

    display: block;
    box-sizing: border-box;
    color-scheme: light;
    font-family: var(--intro-page-font-family);
    font-size: 1rem;
    line-height: 1.5;
    color: var(--intro-page-color-text);
  }

  :host([hidden]) {
    display: none;
  }

  :host([theme="dark"]) {
    ${darkPalette}
  }

  @media (prefers-color-scheme: dark) {
    :host([theme="auto"]) {
      ${darkPalette}
    }
  }

  /* The widget lays itself out by its own width (container queries), not the viewport's. */
  .base {
    container: intro-page / inline-size;
    min-width: 0;
    /* So the size held while the sections first render (intro-page.component.ts) is the element's whole height. */
    box-sizing: border-box;
    overflow-wrap: anywhere;
    padding: var(--intro-page-gap);
    border-radius: var(--intro-page-radius);
    background: var(--intro-page-color-background);
  }

  .sections {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    grid-auto-flow: row dense;
    gap: var(--intro-page-gap);
  }

  @container intro-page (min-width: 1024px) {
    .sections {
      grid-template-columns: repeat(2, minmax(0, 1fr));
    }
    .wide {
      grid-column: 1 / -1;
    }
  }

  .connection-notice,
  .page-error {
    margin: 0 0 var(--intro-page-gap);
    padding: 0.75rem 1rem;
    border: 1px solid var(--intro-page-color-border);
    border-inline-start: 4px solid var(--intro-page-color-warning);
    border-radius: var(--intro-page-radius);
    background: var(--intro-page-color-surface);
  }

  .page-error {
    display: grid;
    justify-items: start;
    gap: 0.5rem;
    padding: var(--intro-page-padding);
    border-inline-start-color: var(--intro-page-color-danger);
  }

  .page-error h2 {
    margin: 0;
    font-size: 1.125rem;
  }

  .page-error p {
    margin: 0;
  }

  button {
    font: inherit;
    min-height: 2.25rem;
    padding: 0.25rem 1rem;
    border: 1px solid var(--intro-page-color-accent);
    border-radius: calc(var(--intro-page-radius) / 1.5);
    background: var(--intro-page-color-accent);
    color: var(--intro-page-color-on-accent);
    cursor: pointer;
  }

  button:focus-visible {
    outline: var(--intro-page-focus-ring);
    outline-offset: 2px;
  }

  @media (forced-colors: active) {
    .connection-notice,
    .page-error {
      border-color: CanvasText;
    }
  }

  ${visuallyHidden}
`;
