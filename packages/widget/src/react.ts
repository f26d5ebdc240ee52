/**
 * `@intro-page/widget/react`: JSX typings for React 19 hosts. Import it once
 * (`import type {} from "@intro-page/widget/react"`) and `<intro-page>` type-checks
 * with its attributes, properties and event props. There is no runtime code:
 * React 19 sets properties and adds event listeners on custom elements itself.
 */
import type { IntroPageClient } from "@intro-page/sdk";
import type { DetailedHTMLProps, HTMLAttributes } from "react";
import type { IntroPageActionEvent, IntroPageErrorEvent, IntroPageLoadEvent } from "./events/intro-page-events.js";
import type { IntroPageElement, IntroPageTheme, IntroPageTransport, TokenProvider } from "./intro-page/intro-page.component.js";

/** The props `<intro-page>` accepts in React 19 JSX. */
export interface IntroPageJsxProps extends DetailedHTMLProps<HTMLAttributes<IntroPageElement>, IntroPageElement> {
  /** The user whose intro page to show. */
  "user-id"?: string;
  /** Base URL of the intro-page API; defaults to the page's origin. */
  "api-base-url"?: string;
  /** Seconds between polls while the event stream is not open; 0 never polls. */
  "poll-interval"?: number | string;
  /** How changes arrive: `auto` (stream, polling as fallback), `sse` or `poll`. */
  transport?: IntroPageTransport;
  /** Sections to show, in order, e.g. "actions, activity". */
  sections?: string;
  /** BCP 47 locale for dates and numbers. */
  locale?: string;
  /** Color theme. */
  theme?: IntroPageTheme;
  /** A fixed bearer token, for demos. */
  token?: string;
  /** Called for a bearer token before each request (React 19 sets it as a property). */
  tokenProvider?: TokenProvider;
  /** An SDK client to use instead of building one. */
  client?: IntroPageClient;
  /** New page data was rendered. */
  onIntroPageLoad?: (event: IntroPageLoadEvent) => void;
  /** A request failed. */
  onIntroPageError?: (event: IntroPageErrorEvent) => void;
  /** The server confirmed an item action. */
  onIntroPageAction?: (event: IntroPageActionEvent) => void;
  /** Same as `onIntroPageLoad`, under the event's own name. */
  "onintro-page-load"?: (event: IntroPageLoadEvent) => void;
  /** Same as `onIntroPageError`, under the event's own name. */
  "onintro-page-error"?: (event: IntroPageErrorEvent) => void;
  /** Same as `onIntroPageAction`, under the event's own name. */
  "onintro-page-action"?: (event: IntroPageActionEvent) => void;
}

declare module "react" {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      "intro-page": IntroPageJsxProps;
    }
  }
}
