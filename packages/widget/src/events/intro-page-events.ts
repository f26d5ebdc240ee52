import type { IntroPageError } from "@intro-page/sdk";
import type { ActionItem, ActionOutcome, IntroPage, ItemAction } from "../page-model.js";

/** Detail of `intro-page-load`: new page data has been rendered. */
export interface IntroPageLoadDetail {
  /** The user whose page was loaded. */
  userId: string;
  /** The page as the API returned it. */
  page: IntroPage;
  /** True for the first data after the widget (re)started for this user. */
  initial: boolean;
}

/** What the widget was doing when an error happened. */
export type IntroPageOperation = "load" | "complete" | "dismiss" | "loadMoreActivity";

/** Detail of `intro-page-error`: a request failed. */
export interface IntroPageErrorDetail {
  /** The user the failing request was for. */
  userId: string;
  /** What failed. */
  operation: IntroPageOperation;
  /** The SDK's typed error (`kind`, `status`, `problem`, `retryAfter`). */
  error: IntroPageError;
}

/** Detail of `intro-page-action`: the server confirmed that an item was completed or dismissed. */
export interface IntroPageActionDetail {
  /** The user who acted. */
  userId: string;
  /** `complete` or `dismiss`. */
  action: ItemAction;
  /** The item as it was shown before the action. */
  item: ActionItem;
  /** The server's outcome (`id`, `state`, `at`). */
  outcome: ActionOutcome;
}

/** Fired each time new page data has been rendered (first load and every change polling brings). */
export type IntroPageLoadEvent = CustomEvent<IntroPageLoadDetail>;
/** Fired when loading the page, an item action or loading more activity fails. */
export type IntroPageErrorEvent = CustomEvent<IntroPageErrorDetail>;
/** Fired after an item was completed or dismissed on the server. */
export type IntroPageActionEvent = CustomEvent<IntroPageActionDetail>;

/** The public event names, for `addEventListener` without string typos. */
export const introPageEvents = {
  load: "intro-page-load",
  error: "intro-page-error",
  action: "intro-page-action",
} as const;

/**
 * React 19 attaches a function prop `onFooBar` to a custom element as a listener
 * for the event named `FooBar`. These are the names React derives from the
 * documented props, mapped to the widget's real event names.
 */
export const reactEventAliases: Readonly<Record<string, string>> = {
  IntroPageLoad: introPageEvents.load,
  IntroPageError: introPageEvents.error,
  IntroPageAction: introPageEvents.action,
};

declare global {
  interface HTMLElementEventMap {
    "intro-page-load": IntroPageLoadEvent;
    "intro-page-error": IntroPageErrorEvent;
    "intro-page-action": IntroPageActionEvent;
  }
}
