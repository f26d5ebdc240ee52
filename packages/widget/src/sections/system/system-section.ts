import { defineElement } from "../../define.js";
import { IntroPageSystemElement } from "./system-section.component.js";

defineElement("intro-page-system", IntroPageSystemElement);

declare global {
  interface HTMLElementTagNameMap {
    "intro-page-system": IntroPageSystemElement;
  }
}
