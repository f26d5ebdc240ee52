import { expect, fixture, html } from "@open-wc/testing";
import { setViewport } from "@web/test-runner-commands";
import type { IntroPageElement } from "../../src/index.js";
import { maxLengthPage } from "../support/max-length-page.js";
import { part, parts, sectionElements, settled } from "../support/widget.js";

/** Every element rendered inside `root`'s shadow tree and the shadow trees below it. */
function deepElements(root: ShadowRoot): Element[] {
  return [...root.querySelectorAll("*")].flatMap((node) => [node, ...(node.shadowRoot ? deepElements(node.shadowRoot) : [])]);
}

/** Elements that take part in layout: visible, with a size, not the visually-hidden text for screen readers. */
function laidOut(node: Element): boolean {
  const style = getComputedStyle(node);
  const box = node.getBoundingClientRect();
  return style.display !== "none" && style.position !== "absolute" && box.width > 0 && box.height > 0 && !node.classList.contains("visually-hidden");
}

const intersect = (a: DOMRect, b: DOMRect) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;

/** What spills out of its section card, or horizontally out of its own box. */
function overflows(el: IntroPageElement): string[] {
  const found: string[] = [];
  for (const section of sectionElements(el)) {
    const card = section.shadowRoot!.querySelector("section")!.getBoundingClientRect();
    for (const node of deepElements(section.shadowRoot!).filter(laidOut)) {
      const box = node.getBoundingClientRect();
      const cut = getComputedStyle(node).textOverflow === "ellipsis";
      if (box.left < card.left - 0.5 || box.right > card.right + 0.5) found.push(`${section.dataset.section} ${node.localName}.${node.className} leaves its card`);
      else if (!cut && node.scrollWidth > node.clientWidth + 1 && node.clientWidth > 0) found.push(`${section.dataset.section} ${node.localName}.${node.className} scrolls sideways`);
    }
  }
  return found;
}

/** Siblings laid out on top of each other (tiles, rows, buttons, the cards themselves). */
function overlaps(el: IntroPageElement): string[] {
  const found: string[] = [];
  const parents = [el.shadowRoot!, ...sectionElements(el).map((s) => s.shadowRoot!)].flatMap((root) => [...root.querySelectorAll("*")]);
  for (const parent of parents) {
    const children = [...parent.children].filter(laidOut).filter((child) => getComputedStyle(child).display !== "inline");
    for (let i = 0; i < children.length; i++) {
      for (let j = i + 1; j < children.length; j++) {
        if (intersect(children[i]!.getBoundingClientRect(), children[j]!.getBoundingClientRect())) {
          found.push(`${parent.localName}.${parent.className}: ${children[i]!.localName}.${children[i]!.className} overlaps ${children[j]!.localName}.${children[j]!.className}`);
        }
      }
    }
  }
  return found;
}

describe("<intro-page> with the longest content the contract allows (issue 13, defect 2)", () => {
  after(async () => {
    await setViewport({ width: 800, height: 600 });
  });

  for (const width of [320, 360, 768, 1280]) {
    it(`when every string is at its maxLength at ${width} px, then nothing overflows, nothing overlaps and the host page does not scroll sideways`, async () => {
      await setViewport({ width, height: 900 });
      const page = await maxLengthPage();
      const el = await fixture<IntroPageElement>(html`<intro-page user-id="demo" poll-interval="0" .initialData=${page}></intro-page>`);
      await settled(el);
      expect(parts(el, "action-item")).to.have.length(4);
      expect(document.documentElement.scrollWidth, "host page scroll width").to.be.at.most(window.innerWidth);
      expect(overflows(el)).to.deep.equal([]);
      expect(overlaps(el)).to.deep.equal([]);
    });
  }

  it("when a quick action label is cut to one line, then its full text is in its title", async () => {
    await setViewport({ width: 360, height: 900 });
    const page = await maxLengthPage();
    const el = await fixture<IntroPageElement>(html`<intro-page user-id="demo" poll-interval="0" .initialData=${page}></intro-page>`);
    await settled(el);
    const chip = part(el, "quick-action")!;
    expect(chip.scrollWidth).to.be.greaterThan(chip.clientWidth);
    expect(chip.title).to.equal(chip.textContent);
  });

  it("when a metric value is huge, then its tile shows every digit", async () => {
    await setViewport({ width: 320, height: 900 });
    const page = await maxLengthPage();
    const el = await fixture<IntroPageElement>(html`<intro-page user-id="demo" poll-interval="0" .initialData=${page}></intro-page>`);
    await settled(el);
    for (const value of parts(el, "metric-value")) {
      const tile = value.closest(".metric")!.getBoundingClientRect();
      const text = value.querySelector("data")!;
      const range = document.createRange();
      range.selectNodeContents(text);
      for (const line of range.getClientRects()) {
        expect(line.left).to.be.at.least(tile.left - 0.5);
        expect(line.right).to.be.at.most(tile.right + 0.5);
      }
      expect(text.textContent).to.match(/123,456,789,012\.5/);
    }
  });
});
