import { describe, expect, it } from "vitest";
import { parseSectionsAttribute, resolveSectionOrder, sectionsToFetch } from "./section-order.js";

describe("parseSectionsAttribute", () => {
  it("when the attribute lists names with commas or spaces, then they come back in order without duplicates", () => {
    expect(parseSectionsAttribute("actions, statistics actions")).toEqual(["actions", "statistics"]);
  });

  it("when the attribute names only unknown sections, then the user's layout is used (undefined)", () => {
    expect(parseSectionsAttribute("weather, news")).toBeUndefined();
    expect(parseSectionsAttribute("")).toBeUndefined();
  });
});

describe("resolveSectionOrder", () => {
  it("when the user saved an order, then it is followed and missing sections are appended", () => {
    expect(resolveSectionOrder(undefined, { order: ["activity", "actions"], hidden: [] })).toEqual([
      "activity",
      "actions",
      "personalization",
      "statistics",
      "system",
    ]);
  });

  it("when the user hid sections, then they are left out even if the host asked for them", () => {
    expect(resolveSectionOrder(["system", "actions"], { order: [], hidden: ["system"] })).toEqual(["actions"]);
  });

  it("when there is no layout yet, then the default order is used", () => {
    expect(resolveSectionOrder(undefined, undefined)).toEqual(["personalization", "actions", "statistics", "activity", "system"]);
  });

  it("when the loaded page left a section out (its feature flag is off), then it is laid out as if hidden", () => {
    const served = new Set(["personalization", "actions", "statistics", "activity"]);
    expect(resolveSectionOrder(undefined, { order: ["system", "actions"], hidden: [] }, served)).toEqual(["actions", "personalization", "statistics", "activity"]);
    expect(resolveSectionOrder(["system", "actions"], undefined, served)).toEqual(["actions"]);
  });
});

describe("sectionsToFetch", () => {
  it("when the host asks for a subset, then personalization is fetched too for layout and locale", () => {
    expect(sectionsToFetch(["actions"])).toEqual(["actions", "personalization"]);
    expect(sectionsToFetch(undefined)).toBeUndefined();
  });
});
