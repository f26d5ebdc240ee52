import { expect, waitUntil } from "@open-wc/testing";
import { IntroPageElement } from "../../src/index.js";
import { createMockBackend } from "../support/mock-backend.js";
import { sectionElements, sectionsReady } from "../support/widget.js";

/** A tag of its own, defined by the test after the host laid it out, as the standalone bundle is on a real page. */
class LateDefinedIntroPage extends IntroPageElement {}
const lateTag = "intro-page-first-render-probe";

const rendered = (el: IntroPageElement) => sectionElements(el).filter((section) => (section as HTMLElement & { hasUpdated: boolean }).hasUpdated).length;

describe("<intro-page> first render (issue 12, total blocking time)", () => {
  it("when the element is defined on a host that reserved its space, then the sections render one task at a time inside that space, then the space is given back", async () => {
    const backend = createMockBackend();
    const style = document.createElement("style");
    style.textContent = `${lateTag}:not(:defined) { display: block; min-block-size: 700px; }`;
    const host = document.createElement("div");
    host.innerHTML = `<${lateTag} user-id="demo" poll-interval="0" transport="poll"></${lateTag}>`;
    document.head.append(style);
    document.body.append(host);
    try {
      const el = host.firstElementChild as IntroPageElement;
      el.client = backend.client;
      customElements.define(lateTag, LateDefinedIntroPage);
      // The element's own update runs in the defining task's microtasks; no section has rendered yet.
      await Promise.resolve();
      await Promise.resolve();
      expect(sectionElements(el)).to.have.length(5);
      expect(rendered(el)).to.equal(0);
      expect(el.getBoundingClientRect().height).to.equal(700);
      // One task later, the first section has rendered, not all five.
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(rendered(el)).to.be.greaterThan(0);
      await el.updateComplete;
      expect(rendered(el)).to.equal(5);
      // The held size goes once every section has rendered.
      await waitUntil(() => el.shadowRoot!.querySelector<HTMLElement>('[part="base"]')!.style.minBlockSize === "", "the reserved size was not given back");
    } finally {
      host.remove();
      style.remove();
    }
  });

  it("when the element is created by script, then nothing is held and updateComplete waits for every section", async () => {
    const backend = createMockBackend();
    const el = document.createElement("intro-page") as IntroPageElement;
    el.client = backend.client;
    el.setAttribute("user-id", "demo");
    el.setAttribute("poll-interval", "0");
    el.setAttribute("transport", "poll");
    document.body.append(el);
    try {
      await el.updateComplete;
      expect(rendered(el)).to.equal(5);
      expect(el.shadowRoot!.querySelector<HTMLElement>('[part="base"]')!.style.minBlockSize).to.equal("");
      await waitUntil(() => sectionsReady(el), "the page did not load");
    } finally {
      el.remove();
    }
  });
});
