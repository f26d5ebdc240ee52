import { css } from "lit";

/** Hides text visually while keeping it in the accessibility tree. */
export const visuallyHidden = css`
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
`;

/** The dark palette: the same custom properties as the light defaults, other values. */
export const darkPalette = css`
  --intro-page-color-text: #e6edf3;
  --intro-page-color-text-muted: #9da7b3;
  --intro-page-color-background: #0d1117;
  --intro-page-color-surface: #161b22;
  --intro-page-color-border: #30363d;
  --intro-page-color-accent: #58a6ff;
  --intro-page-color-on-accent: #0d1117;
  --intro-page-color-danger: #ff7b72;
  --intro-page-color-warning: #d29922;
  --intro-page-color-success: #3fb950;
  --intro-page-color-skeleton: #21262d;
  --intro-page-focus-ring: 3px solid #58a6ff;
  color-scheme: dark;
`;
