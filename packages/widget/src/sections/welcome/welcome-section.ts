import { defineElement } from "../../define.js";
import { IntroPageWelcomeElement } from "./welcome-section.component.js";

defineElement("intro-page-welcome", IntroPageWelcomeElement);

declare global {
  interface HTMLElementTagNameMap {
    "intro-page-welcome": IntroPageWelcomeElement;
  }
}
