import { defineElement } from "../define.js";
import "../sections/actions/actions-section.js";
import "../sections/activity/activity-section.js";
import "../sections/statistics/statistics-section.js";
import "../sections/system/system-section.js";
import "../sections/welcome/welcome-section.js";
import { IntroPageElement } from "./intro-page.component.js";

defineElement("intro-page", IntroPageElement);

declare global {
  interface HTMLElementTagNameMap {
    "intro-page": IntroPageElement;
  }
}
