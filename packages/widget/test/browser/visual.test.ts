import { expect, fixture, html, waitUntil } from "@open-wc/testing";
import { executeServerCommand, setViewport } from "@web/test-runner-commands";
import type { IntroPageElement } from "../../src/index.js";
import { visualNow, visualPage } from "../support/visual-page.js";
import { emulateMediaFeatures, mountWidget, part, sectionsReady, setBrowserOffline, settled } from "../support/widget.js";

const states = ["loading", "loaded", "empty", "stale", "unavailable", "error", "offline"] as const;
type State = (typeof states)[number];

/** The looks each state is compared in: light and dark, left to right and right to left, forced colors. */
const looks = {
  light: { theme: "light", locale: "en", forced: false },
  dark: { theme: "dark", locale: "en", forced: false },
  rtl: { theme: "light", locale: "ar", forced: false },
  forced: { theme: "light", locale: "en", forced: true },
} as const;

interface Comparison {
  diffRatio: number;
  maxDiffRatio?: number;
  updated?: boolean;
  missing?: boolean;
  size?: string;
}

/** Renders `state` the way `look` asks, at 360 px, with a frozen clock and no animation. */
async function show(state: State, look: (typeof looks)[keyof typeof looks]): Promise<IntroPageElement> {
  const attributes = { theme: look.theme, locale: look.locale, sections: "personalization actions system" };
  let el: IntroPageElement;
  if (state === "loading" || state === "error") {
    const scenario = state === "loading" ? "slow" : "server-error";
    ({ el } = await mountWidget({ scenario, latencyMs: 600_000, until: state === "loading" ? "loading" : "error", attributes, width: "360px" }));
  } else {
    const page = visualPage(state === "offline" ? "loaded" : state);
    el = await fixture<IntroPageElement>(
      html`<intro-page style="width:360px" user-id="demo" poll-interval="0" theme=${look.theme} locale=${look.locale}
        sections=${attributes.sections} .initialData=${page}></intro-page>`,
    );
    if (state === "offline") {
      setBrowserOffline(true);
      await waitUntil(() => part(el, "connection-notice"), "no offline notice");
    }
    await waitUntil(() => sectionsReady(el), "no content");
  }
  await waitUntil(() => part(el, "base")!.lang === look.locale, "the catalogue did not load");
  await settled(el);
  // Let fonts and the catalogue settle into one frame before the picture.
  await document.fonts.ready;
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  return el;
}

describe("<intro-page> visual regression (issue 13)", () => {
  const realNow = Date.now;

  before(async () => {
    Date.now = () => visualNow;
    await setViewport({ width: 400, height: 1600 });
  });

  after(async () => {
    Date.now = realNow;
    await emulateMediaFeatures([]);
    await setViewport({ width: 800, height: 600 });
  });

  afterEach(() => {
    setBrowserOffline(false);
  });

  for (const [lookName, look] of Object.entries(looks)) {
    for (const state of states) {
      it(`when the widget is ${state} (${lookName}), then it looks like its reference and axe finds nothing`, async () => {
        // Reduced motion freezes the skeleton's pulse; forced colors where the look asks for them.
        await emulateMediaFeatures([
          { name: "prefers-reduced-motion", value: "reduce" },
          ...(look.forced ? [{ name: "forced-colors", value: "active" }] : []),
        ]);
        const el = await show(state, look);
        const box = el.getBoundingClientRect();
        const clip = { x: box.left + scrollX, y: box.top + scrollY, width: Math.ceil(box.width), height: Math.ceil(box.height) };
        const result = (await executeServerCommand("compare-screenshot", { name: `${state}-${lookName}`, clip })) as Comparison;
        await expect(el).to.be.accessible();
        if (result.updated) return;
        expect(result.missing, "no reference: run npm run test:visual:update -w packages/widget").to.not.equal(true);
        expect(result.size, "the picture changed size").to.equal(undefined);
        expect(result.diffRatio).to.be.at.most(result.maxDiffRatio!);
      });
    }
  }
});
