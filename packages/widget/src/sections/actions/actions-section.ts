import { defineElement } from "../../define.js";
import { IntroPageActionsElement } from "./actions-section.component.js";

defineElement("intro-page-actions", IntroPageActionsElement);

declare global {
  interface HTMLElementTagNameMap {
    "intro-page-actions": IntroPageActionsElement;
  }
}
