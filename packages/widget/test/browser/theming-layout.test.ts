import { expect, waitUntil } from "@open-wc/testing";
import { emulateMedia } from "@web/test-runner-commands";
import { mountWidget, part, section, sectionElements, sectionsReady, settled } from "../support/widget.js";

const box = (node: Element) => node.getBoundingClientRect();

describe("<intro-page> theming", () => {
  it("when the host sets --intro-page-* properties on the element, then the widget uses them", async () => {
    const { el } = await mountWidget();
    el.style.setProperty("--intro-page-color-accent", "rgb(1, 2, 3)");
    el.style.setProperty("--intro-page-radius", "3px");
    const complete = part(el, "complete-button")!;
    expect(getComputedStyle(complete).backgroundColor).to.equal("rgb(1, 2, 3)");
    expect(getComputedStyle(part(el, "section")!).borderTopLeftRadius).to.equal("3px");
  });

  it("when the host styles ::part(), then the parts take the styles", async () => {
    const style = document.createElement("style");
    style.textContent = "intro-page.themed::part(section-heading) { color: rgb(4, 5, 6); } intro-page.themed::part(metric) { outline: 1px solid rgb(7, 8, 9); }";
    document.head.append(style);
    try {
      const { el } = await mountWidget();
      el.classList.add("themed");
      expect(getComputedStyle(part(el, "section-heading")!).color).to.equal("rgb(4, 5, 6)");
      expect(getComputedStyle(part(el, "metric")!).outlineColor).to.equal("rgb(7, 8, 9)");
    } finally {
      style.remove();
    }
  });

  it("when theme is dark or light, then the palette follows and dark mode stays accessible", async () => {
    const { el } = await mountWidget({ attributes: { theme: "dark" } });
    expect(getComputedStyle(part(el, "section")!).backgroundColor).to.equal("rgb(22, 27, 34)");
    await expect(el).to.be.accessible();
    el.theme = "light";
    await el.updateComplete;
    expect(getComputedStyle(part(el, "section")!).backgroundColor).to.equal("rgb(255, 255, 255)");
  });

  it("when theme is auto and the system prefers dark, then the dark palette applies", async () => {
    await emulateMedia({ colorScheme: "dark" });
    try {
      const { el } = await mountWidget();
      expect(el.getAttribute("theme")).to.equal("auto");
      expect(getComputedStyle(part(el, "section")!).backgroundColor).to.equal("rgb(22, 27, 34)");
    } finally {
      await emulateMedia({ colorScheme: "light" });
    }
  });

  it("when a locale is given, then numbers, dates and the text use it", async () => {
    const { el } = await mountWidget({ attributes: { locale: "de-DE" } });
    await waitUntil(() => part(el, "base")!.lang === "de", "the German catalogue did not load");
    await settled(el);
    const summary = section(el, "statistics").shadowRoot.querySelector(".summary")!.textContent!;
    expect(summary).to.match(/Produktivitätswert \d+ von 100 · \d+ Tage? in Folge · Zuletzt aktiv vor /);
    const activeUsers = part(el, "system-status")!.textContent!;
    expect(activeUsers).to.match(/\d{1,3}(\.\d{3})* Personen? heute aktiv/);
  });
});

describe("<intro-page> layout", () => {
  it("when the widget is 360 px wide, then the sections stack in one full-width column", async () => {
    const { el } = await mountWidget({ width: "360px" });
    const grid = box(part(el, "sections")!);
    const boxes = sectionElements(el).map(box);
    expect(boxes).to.have.length(5);
    for (const b of boxes) {
      expect(Math.round(b.left)).to.equal(Math.round(grid.left));
      expect(Math.round(b.width)).to.equal(Math.round(grid.width));
    }
    for (let i = 1; i < boxes.length; i++) expect(boxes[i]!.top).to.be.at.least(boxes[i - 1]!.bottom);
    expect(el.scrollWidth).to.be.at.most(360);
  });

  it("when the widget is 1280 px wide, then actions and activity sit side by side under full-width welcome and statistics", async () => {
    const { el } = await mountWidget({ width: "1280px", attributes: { sections: "personalization statistics actions activity system" } });
    const grid = box(part(el, "sections")!);
    const welcome = box(section(el, "personalization"));
    const statistics = box(section(el, "statistics"));
    const actions = box(section(el, "actions"));
    const activity = box(section(el, "activity"));
    expect(Math.round(welcome.width)).to.equal(Math.round(grid.width));
    expect(Math.round(statistics.width)).to.equal(Math.round(grid.width));
    expect(Math.round(actions.top)).to.equal(Math.round(activity.top));
    expect(activity.left).to.be.greaterThan(actions.right);
    expect(actions.width).to.be.closeTo(activity.width, 1);
    expect(actions.width).to.be.lessThan(grid.width / 2);
    expect(actions.top).to.be.at.least(statistics.bottom);
  });

  it("when data replaces the skeleton, then no section moves sideways or changes width and the first heading stays put", async () => {
    const { el, backend } = await mountWidget({
      width: "1280px",
      until: "none",
      attributes: { sections: "personalization statistics actions activity system" },
    });
    const release = backend.hold();
    await el.updateComplete;
    const measure = () =>
      sectionElements(el).map((s) => {
        const { left, width } = box(s);
        return { name: s.dataset.section, left: Math.round(left), width: Math.round(width) };
      });
    const firstHeading = () => box(section(el, "personalization").shadowRoot.querySelector("h2")!);
    const loading = measure();
    const headingWhileLoading = firstHeading();
    expect(sectionElements(el).every((s) => s.hasAttribute("loading"))).to.equal(true);
    release();
    await waitUntil(() => sectionsReady(el), "page never loaded");
    expect(measure()).to.deep.equal(loading);
    expect(firstHeading().top).to.equal(headingWhileLoading.top);
    expect(firstHeading().left).to.equal(headingWhileLoading.left);
  });
});
