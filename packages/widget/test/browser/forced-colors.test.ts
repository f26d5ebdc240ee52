import { expect, waitUntil } from "@open-wc/testing";
import { emulateMediaFeatures, mountWidget, part, parts, setBrowserOffline } from "../support/widget.js";

const forcedColors = [{ name: "forced-colors", value: "active" }];

describe("<intro-page> in forced colors and without color (issue 13, defects 4 and 6)", () => {
  afterEach(async () => {
    await emulateMediaFeatures([]);
  });

  it("when forced colors are active, then skeleton bones have a visible border and the state is accessible", async () => {
    await emulateMediaFeatures(forcedColors);
    expect(matchMedia("(forced-colors: active)").matches).to.equal(true);
    const { el } = await mountWidget({ scenario: "slow", latencyMs: 5000, until: "loading" });
    const bone = part(el, "skeleton")!.querySelector(".bone")!;
    const style = getComputedStyle(bone);
    expect(style.borderTopStyle).to.equal("solid");
    expect(parseFloat(style.borderTopWidth)).to.be.greaterThan(0);
    await expect(el).to.be.accessible();
  });

  it("when forced colors are active, then the status dot is drawn (a border, which forced colors keep)", async () => {
    await emulateMediaFeatures(forcedColors);
    const { el } = await mountWidget();
    const dot = getComputedStyle(part(el, "system-status")!.querySelector("strong")!, "::before");
    expect(parseFloat(dot.borderTopWidth)).to.be.greaterThan(3);
    expect(dot.borderTopColor).not.to.equal("rgba(0, 0, 0, 0)");
    await expect(el).to.be.accessible();
  });

  it("when insights and announcements have a severity, then it is also said in words, not only by color", async () => {
    const { el } = await mountWidget();
    for (const item of [...parts(el, "insight"), ...parts(el, "announcement")]) {
      const severity = item.querySelector('[part~="severity"]');
      expect(severity, `${item.dataset.severity} item has no severity word`).to.exist;
      expect(severity!.textContent!.trim().length).to.be.greaterThan(0);
    }
  });

  for (const [state, options] of [
    ["loaded", {}],
    ["degraded", { scenario: "degraded" }],
    ["page error", { scenario: "server-error", until: "error" }],
  ] as const) {
    it(`when forced colors are active and the page is ${state}, right to left too, then axe finds nothing`, async () => {
      await emulateMediaFeatures(forcedColors);
      const { el } = await mountWidget(options);
      await expect(el).to.be.accessible();
      const rtl = await mountWidget({ ...options, attributes: { locale: "ar" } });
      await waitUntil(() => part(rtl.el, "base")!.dir === "rtl", "the Arabic catalogue did not load");
      await expect(rtl.el).to.be.accessible();
    });
  }

  it("when forced colors are active and the user is offline, then the notice has a border and axe finds nothing", async () => {
    await emulateMediaFeatures(forcedColors);
    const { el } = await mountWidget();
    setBrowserOffline(true);
    try {
      await waitUntil(() => part(el, "connection-notice"), "no notice");
      expect(getComputedStyle(part(el, "connection-notice")!).borderTopStyle).to.equal("solid");
      await expect(el).to.be.accessible();
    } finally {
      setBrowserOffline(false);
    }
  });

  it("when a section is unavailable, then it is a compact notice, not a tall empty card", async () => {
    const { el } = await mountWidget({ scenario: "degraded", width: "1280px" });
    const unavailable = parts(el, "notice").find((notice) => notice.dataset.status === "unavailable")!;
    const card = unavailable.closest("section")!;
    const heading = card.querySelector("h2")!.getBoundingClientRect();
    const notice = unavailable.getBoundingClientRect();
    // Padding, heading and the one-line notice: nothing more.
    expect(card.getBoundingClientRect().height).to.be.at.most(heading.height + notice.height + 80);
  });
});
