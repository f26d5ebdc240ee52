import { expect, waitUntil } from "@open-wc/testing";
import { emulateMedia } from "@web/test-runner-commands";
import { mountWidget, part, parts, recordAnnouncements, section, sectionElements, sectionsReady, setBrowserOffline } from "../support/widget.js";

describe("<intro-page> states", () => {
  it("when the page is loading, then every section shows a skeleton, the region is aria-busy and it is accessible", async () => {
    const { el } = await mountWidget({ scenario: "slow", latencyMs: 5000, until: "loading" });
    const base = part(el, "base")!;
    expect(base.getAttribute("aria-busy")).to.equal("true");
    expect(sectionElements(el).map((s) => s.dataset.section)).to.deep.equal(["personalization", "actions", "statistics", "activity", "system"]);
    expect(parts(el, "skeleton")).to.have.length(5);
    await expect(el).to.be.accessible();
  });

  it("when the user prefers reduced motion, then the skeleton does not animate", async () => {
    await emulateMedia({ reducedMotion: "reduce" });
    try {
      const { el } = await mountWidget({ scenario: "slow", latencyMs: 5000, until: "loading" });
      const bone = part(el, "skeleton")!.querySelector(".bone")!;
      expect(getComputedStyle(bone).animationName).to.equal("none");
    } finally {
      await emulateMedia({ reducedMotion: "no-preference" });
    }
  });

  it("when the user saved a section order and hid a section, then the widget follows it", async () => {
    const { el, backend } = await mountWidget({ until: "none" });
    el.remove();
    await backend.client.updatePreferences({ userId: "demo", body: { layout: { order: ["activity", "actions"], hidden: ["system"] } } });
    document.body.append(el);
    el.refresh();
    await waitUntil(() => sectionElements(el)[0]?.dataset.section === "activity", "saved order was not applied");
    expect(sectionElements(el).map((s) => s.dataset.section)).to.deep.equal(["activity", "actions", "personalization", "statistics"]);
  });

  it("when a section's feature flag is switched off, then the widget lays out the rest as if it were hidden", async () => {
    const { el, backend } = await mountWidget();
    const ops = backend.clientAs("ops", ["admin"]);
    const flag = await ops.getFlag({ flagKey: "section.system" });
    await ops.updateFlag({ flagKey: "section.system", body: { enabled: false } }, { headers: { "If-Match": `"${flag.version}"` } });
    el.refresh();
    await waitUntil(() => !sectionElements(el).some((s) => s.dataset.section === "system"), "the switched-off section still shows");
    expect(sectionElements(el).map((s) => s.dataset.section)).to.deep.equal(["personalization", "actions", "statistics", "activity"]);
    expect(parts(el, "skeleton")).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it("when the element is moved elsewhere in the document, then it stops while detached and loads again", async () => {
    const { el, backend } = await mountWidget();
    const requests = backend.log.length;
    el.remove();
    document.body.append(el);
    await waitUntil(() => backend.log.length > requests && sectionsReady(el), "the moved widget did not load again");
  });

  it("when the host passes sections, then only those show, in that order", async () => {
    const { el } = await mountWidget({ attributes: { sections: "actions, statistics" } });
    expect(sectionElements(el).map((s) => s.dataset.section)).to.deep.equal(["actions", "statistics"]);
  });

  it("when the page loaded, then all five sections show content, aria-busy is false and it is accessible", async () => {
    const { el } = await mountWidget();
    expect(part(el, "base")!.getAttribute("aria-busy")).to.equal("false");
    expect(section(el, "personalization").shadowRoot.querySelector("h2")!.textContent).to.match(/^Welcome back, /);
    expect(parts(el, "metric").length).to.be.greaterThan(0);
    expect(parts(el, "action-item").length).to.be.greaterThan(0);
    expect(parts(el, "activity-item").length).to.be.greaterThan(0);
    expect(part(el, "system-status")).to.exist;
    expect(parts(el, "skeleton")).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it("when sections are stale or unavailable, then each shows its notice, the rest still renders and it is accessible", async () => {
    const { el } = await mountWidget({ scenario: "degraded" });
    const notices = parts(el, "notice");
    expect(notices.length).to.be.greaterThan(0);
    const statuses = notices.map((notice) => notice.dataset.status);
    expect(statuses).to.include("stale");
    expect(statuses).to.include("unavailable");
    await expect(el).to.be.accessible();
  });

  it("when the user has nothing yet, then the sections show empty states and it is accessible", async () => {
    const { el } = await mountWidget({ scenario: "empty", userId: "new-user" });
    const empties = parts(el, "empty").map((node) => node.textContent?.trim());
    expect(empties.some((text) => /all caught up/i.test(text ?? ""))).to.equal(true);
    expect(empties.some((text) => /no activity yet/i.test(text ?? ""))).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it("when the server fails, then a page error with a retry button shows, is announced once, is accessible, and retrying loads the page", async () => {
    const { el, backend } = await mountWidget({ scenario: "server-error", until: "error" });
    const error = part(el, "page-error")!;
    expect(error.querySelector("h2")!.textContent).to.equal("Your intro page could not be loaded");
    await waitUntil(() => el.shadowRoot!.querySelector('[role="status"]')!.textContent!.includes("could not be loaded"), "the error was not announced");
    await expect(el).to.be.accessible();
    backend.mock.setScenario("default");
    part(el, "retry-button")!.click();
    await waitUntil(() => parts(el, "action-item").length > 0, "retry did not load the page");
    expect(part(el, "page-error")).to.equal(null);
  });

  it("when the token is rejected, then the host's token provider is asked again and the page asks to sign in", async () => {
    const { el, backend } = await mountWidget({ scenario: "unauthorized", until: "error" });
    expect(backend.tokenCalls()).to.be.greaterThan(1);
    expect(part(el, "page-error")!.textContent).to.match(/session has expired/i);
  });

  it("when the API rate-limits, then the page error says when it tries again", async () => {
    const { el } = await mountWidget({ scenario: "rate-limited", until: "error" });
    expect(part(el, "page-error")!.textContent).to.match(/too many requests right now.*Trying again in \d+ seconds/is);
  });

  it("when the user's network is down before anything loaded, then an offline page error shows", async () => {
    setBrowserOffline(true);
    try {
      const { el } = await mountWidget({ scenario: "offline", until: "error" });
      expect(part(el, "page-error")!.querySelector("h2")!.textContent).to.equal("You are offline");
      await expect(el).to.be.accessible();
    } finally {
      setBrowserOffline(false);
    }
  });

  it("when the service cannot be reached before anything loaded, then the page error says so, not that the user is offline", async () => {
    const { el } = await mountWidget({ scenario: "offline", until: "error" });
    expect(part(el, "page-error")!.querySelector("h2")!.textContent).to.equal("The intro page service cannot be reached");
    await expect(el).to.be.accessible();
  });

  it("when the network drops after the page loaded, then the content stays, an offline notice shows and it is announced", async () => {
    const { el } = await mountWidget();
    const announcements = recordAnnouncements(el);
    setBrowserOffline(true);
    await el.updateComplete;
    expect(part(el, "offline")!.textContent).to.match(/offline/i);
    expect(parts(el, "action-item").length).to.be.greaterThan(0);
    await waitUntil(() => announcements.texts.length > 0, "going offline was not announced");
    expect(announcements.texts[0]).to.match(/^You are offline/);
    setBrowserOffline(false);
    await waitUntil(() => !part(el, "offline"), "the notice stayed after coming back");
    announcements.stop();
  });
});
