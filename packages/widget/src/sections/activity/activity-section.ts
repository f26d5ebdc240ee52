import { defineElement } from "../../define.js";
import { IntroPageActivityElement } from "./activity-section.component.js";

defineElement("intro-page-activity", IntroPageActivityElement);

declare global {
  interface HTMLElementTagNameMap {
    "intro-page-activity": IntroPageActivityElement;
  }
}
