import { defineElement } from "../../define.js";
import { IntroPageStatisticsElement } from "./statistics-section.component.js";

defineElement("intro-page-statistics", IntroPageStatisticsElement);

declare global {
  interface HTMLElementTagNameMap {
    "intro-page-statistics": IntroPageStatisticsElement;
  }
}
