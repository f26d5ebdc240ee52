// Type-level tests, checked by `tsc -p packages/widget/tsconfig.json` in `npm test`.
// Each @ts-expect-error must stay an error, or the compile fails.
import type {} from "../../src/react.js";
import type { IntroPageActionEvent, IntroPageElement } from "../../src/index.js";

// HTMLElementTagNameMap: TypeScript hosts get the element's class from the tag name.
const el: IntroPageElement = document.createElement("intro-page");
el.tokenProvider = async () => "token";
el.pollInterval = 10;
// @ts-expect-error -- the theme is one of light | dark | auto
el.theme = "blue";

// The public events are typed on addEventListener.
el.addEventListener("intro-page-action", (event) => {
  const detail: IntroPageActionEvent["detail"] = event.detail;
  const action: "complete" | "dismiss" = detail.action;
  void action;
});

// React 19 JSX: attributes, properties and event props type-check without casts.
export const ok = (
  <intro-page
    user-id="demo"
    api-base-url="https://api.example.com"
    poll-interval={30}
    sections="actions, activity"
    locale="de-DE"
    theme="dark"
    tokenProvider={() => "token"}
    onIntroPageAction={(event) => event.detail.outcome.state}
    onIntroPageLoad={(event) => event.detail.page.userId}
    onIntroPageError={(event) => event.detail.error.kind}
  />
);

// @ts-expect-error -- an unknown theme is rejected
export const badTheme = <intro-page theme="blue" />;

// @ts-expect-error -- the token provider must return a string (or a promise of one)
export const badProvider = <intro-page tokenProvider={() => 42} />;

// @ts-expect-error -- event props receive the widget's typed event, not a number
export const badHandler = <intro-page onIntroPageAction={(event: number) => event} />;
