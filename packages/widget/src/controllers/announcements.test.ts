import { describe, expect, it } from "vitest";
import type { ActionItem, IntroPage } from "../page-model.js";
import en from "../i18n/locales/en.js";
import { describeNewUrgentItems } from "./announcements.js";

const item = (id: string, priority: ActionItem["priority"], title = id): ActionItem => ({
  id,
  kind: "task",
  title,
  priority,
  createdAt: "2026-03-04T09:00:00Z",
});

/** A page whose only section is actions, holding `items`. */
const pageWith = (items: ActionItem[]): IntroPage => ({
  userId: "demo",
  generatedAt: "2026-03-04T12:00:00Z",
  sections: {
    actions: { status: "ok", asOf: "2026-03-04T12:00:00Z", data: { items, total: items.length, urgent: 0, overdue: 0 } },
  },
  meta: { coordinationMs: 1, cache: "miss", degraded: false },
});

describe("describeNewUrgentItems", () => {
  it("when one urgent item is new, then it is named", () => {
    const before = pageWith([item("a", "normal")]);
    const after = pageWith([item("a", "normal"), item("b", "urgent", "Sign the contract")]);
    expect(describeNewUrgentItems(before, after, en)).toBe("New urgent item: Sign the contract.");
  });

  it("when several urgent items are new, then they are counted and listed", () => {
    const after = pageWith([item("b", "urgent", "One"), item("c", "urgent", "Two")]);
    expect(describeNewUrgentItems(pageWith([]), after, en)).toBe("2 new urgent items: One and Two.");
  });

  it("when only routine items changed, then there is nothing to announce", () => {
    const before = pageWith([item("a", "urgent")]);
    const after = pageWith([item("a", "urgent"), item("d", "high")]);
    expect(describeNewUrgentItems(before, after, en)).toBe("");
  });
});
