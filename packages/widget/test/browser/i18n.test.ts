import { expect, fixture, html, waitUntil } from "@open-wc/testing";
import type { IntroPageElement } from "../../src/index.js";
import { maxLengthPage } from "../support/max-length-page.js";
import { mountWidget, part, parts, section, sectionElements, settled } from "../support/widget.js";

/** Every visible text node in the widget and its sections. */
function visibleTexts(el: IntroPageElement): Array<{ text: string; node: Text }> {
  const roots = [el.shadowRoot!, ...sectionElements(el).map((s) => s.shadowRoot!)];
  const found: Array<{ text: string; node: Text }> = [];
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      const text = node.data.trim();
      const parent = node.parentElement!;
      if (!text || parent.closest("style, .visually-hidden, [aria-hidden='true']") || parent.getClientRects().length === 0) continue;
      found.push({ text, node });
    }
  }
  return found;
}

/**
 * Text that did not come through the catalogue: it has letters, no ⟦pseudo⟧
 * brackets, and is neither page data (`data`) nor a value `Intl` formatted
 * (inside <time> or <data>).
 */
function unlocalized(el: IntroPageElement, data: Set<string>): string[] {
  return visibleTexts(el)
    .filter(({ text, node }) => /[A-Za-z]/.test(text) && !text.includes("⟦") && !data.has(text) && !node.parentElement!.closest("time, data"))
    .map(({ text }) => text);
}

/** Every string in a page: what the user's data says is not the widget's to translate. */
function dataStrings(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value === "string") into.add(value);
  else if (value && typeof value === "object") for (const entry of Object.values(value)) dataStrings(entry, into);
  return into;
}

describe("<intro-page> in other languages and directions (issue 13, defect 3)", () => {
  it("when the locale is de-DE, then the interface text is German and the widget says lang=de", async () => {
    const { el } = await mountWidget({ attributes: { locale: "de-DE" } });
    await waitUntil(() => part(el, "base")!.lang === "de", "the German catalogue did not load");
    await settled(el);
    expect(section(el, "actions").shadowRoot.querySelector("h2")!.textContent).to.equal("Aufgaben");
    expect(parts(el, "complete-button")[0]!.textContent).to.match(/^\s*Erledigen/);
    expect(section(el, "personalization").shadowRoot.querySelector("h2")!.textContent).to.match(/^Willkommen zurück, /);
    expect(part(el, "base")!.dir).to.equal("ltr");
    await expect(el).to.be.accessible();
  });

  it("when the locale is Arabic, then dir=rtl and the accent bars and the status dot sit on the right", async () => {
    const { el } = await mountWidget({ attributes: { locale: "ar" } });
    await waitUntil(() => part(el, "base")!.dir === "rtl", "the Arabic catalogue did not load");
    await settled(el);
    const announcement = part(el, "announcement")!;
    const style = getComputedStyle(announcement);
    expect(style.borderRightWidth).to.equal("4px");
    expect(style.borderLeftWidth).to.equal("1px");
    const status = part(el, "system-status")!.querySelector("strong")!;
    const dot = getComputedStyle(status, "::before");
    expect(dot.marginRight).to.equal("0px");
    expect(parseFloat(dot.marginLeft)).to.be.greaterThan(0);
    await expect(el).to.be.accessible();
  });

  it("when the host passes its own messages, then they replace the built-in ones", async () => {
    const { el } = await mountWidget({ until: "none" });
    el.messages = { headings: { personalization: "Hello", statistics: "Numbers", actions: "To do", activity: "Feed", system: "Status" } };
    await waitUntil(() => section(el, "actions").shadowRoot.querySelector("h2")?.textContent === "To do", "the host's catalogue was not used");
  });

  it("when a plural depends on a count, then Intl.PluralRules picks the form (one and other)", async () => {
    const page = await maxLengthPage();
    page.sections.system!.data!.activeUsers = 1;
    const el = await fixture<IntroPageElement>(html`<intro-page user-id="demo" poll-interval="0" .initialData=${page}></intro-page>`);
    await settled(el);
    expect(part(el, "system-status")!.textContent).to.match(/1 person active today/);
  });

  for (const [name, scenario] of [
    ["loaded", "default"],
    ["empty", "empty"],
    ["stale and unavailable", "degraded"],
  ] as const) {
    it(`when the ${name} page renders in the pseudo-locale, then every visible interface string came from the catalogue`, async () => {
      const { el, backend } = await mountWidget({ scenario, userId: scenario === "empty" ? "new-user" : "demo", attributes: { locale: "en-XA" } });
      await waitUntil(() => part(el, "base")!.lang === "en-XA", "the pseudo-locale did not load");
      await settled(el);
      const page = await backend.client.getIntroPage({ userId: scenario === "empty" ? "new-user" : "demo" });
      expect(unlocalized(el, dataStrings(page))).to.deep.equal([]);
    });
  }

  for (const scenario of ["server-error", "rate-limited", "offline", "unauthorized"] as const) {
    it(`when the page error (${scenario}) renders in the pseudo-locale, then every visible string came from the catalogue`, async () => {
      const { el } = await mountWidget({ scenario, until: "error", attributes: { locale: "en-XA" } });
      await waitUntil(() => part(el, "base")!.lang === "en-XA", "the pseudo-locale did not load");
      await settled(el);
      expect(unlocalized(el, new Set())).to.deep.equal([]);
    });
  }

  it("when the loading state and the connection notice render in the pseudo-locale, then every visible string came from the catalogue", async () => {
    const loading = await mountWidget({ scenario: "slow", latencyMs: 5000, until: "loading", attributes: { locale: "en-XA" } });
    await waitUntil(() => part(loading.el, "base")!.lang === "en-XA", "the pseudo-locale did not load");
    expect(unlocalized(loading.el, new Set())).to.deep.equal([]);
    const { el, backend } = await mountWidget({ attributes: { locale: "en-XA" } });
    backend.mock.setScenario("server-error");
    el.refresh();
    await waitUntil(() => part(el, "connection-notice"), "no notice");
    const page = await (backend.mock.setScenario("default"), backend.client.getIntroPage({ userId: "demo" }));
    expect(unlocalized(el, dataStrings(page))).to.deep.equal([]);
  });
});
