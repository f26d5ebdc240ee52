/**
 * `@intro-page/widget`: importing this module registers `<intro-page>` (and the
 * section elements it renders) and exports the classes and types below.
 */
import "./intro-page/intro-page.js";

export { IntroPageElement } from "./intro-page/intro-page.component.js";
export type { IntroPageTheme, IntroPageTransport, TokenProvider } from "./intro-page/intro-page.component.js";
export { IntroPageActionsElement } from "./sections/actions/actions-section.component.js";
export { IntroPageActivityElement } from "./sections/activity/activity-section.component.js";
export { IntroPageStatisticsElement } from "./sections/statistics/statistics-section.component.js";
export { IntroPageSystemElement } from "./sections/system/system-section.component.js";
export { IntroPageWelcomeElement } from "./sections/welcome/welcome-section.component.js";
export { introPageEvents } from "./events/intro-page-events.js";
export type {
  IntroPageActionDetail,
  IntroPageActionEvent,
  IntroPageErrorDetail,
  IntroPageErrorEvent,
  IntroPageLoadDetail,
  IntroPageLoadEvent,
  IntroPageOperation,
} from "./events/intro-page-events.js";
export type { PagePhase } from "./controllers/page-loader.js";
