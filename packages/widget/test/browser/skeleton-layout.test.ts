import { expect } from "@open-wc/testing";
import { mountWidget, sectionElements } from "../support/widget.js";

// A user no other suite changes the layout of: test files share the origin's localStorage.
const userId = "new-user";
const key = `intro-page:layout:${userId}`;

describe("<intro-page> skeleton layout", () => {
  beforeEach(() => {
    localStorage.removeItem(key);
  });
  afterEach(() => {
    localStorage.removeItem(key);
  });

  it("when nothing is remembered for the user, then the skeletons follow the contract's default order", async () => {
    const { el } = await mountWidget({ userId, scenario: "slow", latencyMs: 5000, until: "loading" });
    expect(sectionElements(el).map((s) => s.dataset.section)).to.deep.equal(["personalization", "actions", "statistics", "activity", "system"]);
  });

  it("when the user's layout is remembered from an earlier visit, then the skeletons stand in that order without the hidden sections", async () => {
    localStorage.setItem(key, JSON.stringify({ order: ["activity", "actions"], hidden: ["system"] }));
    const { el } = await mountWidget({ userId, scenario: "slow", latencyMs: 5000, until: "loading" });
    expect(sectionElements(el).map((s) => s.dataset.section)).to.deep.equal(["activity", "actions", "personalization", "statistics"]);
  });

  it("when a page loads, then its layout is remembered for the next visit, and the load left both performance marks", async () => {
    performance.clearMarks();
    const { el } = await mountWidget({ userId });
    expect(sectionElements(el)).to.have.length(5);
    const layout = JSON.parse(localStorage.getItem(key) ?? "null");
    expect(layout).to.deep.equal({ order: ["personalization", "actions", "statistics", "activity", "system"], hidden: [] });
    expect(performance.getEntriesByType("mark").map((m) => m.name).filter((n) => n.startsWith("intro-page:"))).to.deep.equal(["intro-page:skeleton", "intro-page:content"]);
  });
});
