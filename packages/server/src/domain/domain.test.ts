import { describe, expect, it } from "vitest";
import { AppError } from "../errors/app-error.js";
import { decodeCursor, encodeCursor } from "./activity-cursor.js";
import { selectorsFor } from "./invalidation.js";
import { insightsFor, welcomeMessage } from "./sections/personalization.js";
import { productivityScore } from "./sections/statistics.js";
import { streakDays } from "./sections/streak.js";

describe("activity cursors", () => {
  it("when a cursor is encoded and decoded, then the position survives", () => {
    const position = { occurredAt: "2026-11-25T09:40:00.000Z", id: "evt_9c1b2a" };
    const text = encodeCursor(position);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text)).toEqual(position);
  });

  it.each(["!!!", "bm90IGpzb24", Buffer.from('{"t":"yesterday","i":"x"}').toString("base64url"), Buffer.from('{"t":"2026-11-25T09:40:00.000Z"}').toString("base64url")])(
    "when the cursor is %s, then 400 pointing at /query/cursor",
    (text) => {
      expect(() => decodeCursor(text)).toThrow(AppError);
      try {
        decodeCursor(text);
      } catch (err) {
        expect((err as AppError).errors?.[0]?.pointer).toBe("/query/cursor");
      }
    },
  );
});

describe("invalidation", () => {
  it("when an item changes, then exactly actions, statistics and personalization of that user are dropped, once each", () => {
    expect(selectorsFor([{ userId: "demo", change: "itemChanged" }, { userId: "demo", change: "itemChanged" }])).toEqual([
      { userId: "demo", section: "actions" },
      { userId: "demo", section: "statistics" },
      { userId: "demo", section: "personalization" },
    ]);
  });

  it("when activity is added, then activity and statistics are dropped, never the shared system entry", () => {
    const selectors = selectorsFor([{ userId: "a", change: "activityAdded" }]);
    expect(selectors.map((s) => s.section)).toEqual(["activity", "statistics"]);
  });
});

describe("streaks, scores and messages", () => {
  const now = new Date("2026-11-25T10:00:00Z");
  it.each([
    [[], 0],
    [["2026-11-25"], 1],
    [["2026-11-24", "2026-11-23"], 2],
    [["2026-11-25", "2026-11-24", "2026-11-22"], 2],
    [["2026-11-23"], 0],
    [["2026-11-25", "2026-11-25", "2026-11-24"], 2],
  ])("when active on %o, then the streak is %i", (days, expected) => {
    expect(streakDays(days, now)).toBe(expected);
  });

  it("when the streak runs back over a month and a year, then every day counts", () => {
    expect(streakDays(["2026-01-02", "2026-01-01", "2025-12-31", "2025-12-30", "2025-12-28"], new Date("2026-01-02T23:59:59Z"))).toBe(4);
  });

  it.each([
    [["2026-11-25"], "2026-11-25T00:00:00Z", 1],
    [["2026-11-24"], "2026-11-25T23:59:59.999Z", 1],
    [["2026-11-24"], "2026-11-26T00:00:00Z", 0],
  ])("when active on %o and it is %s, then the streak is %i", (days, at, expected) => {
    expect(streakDays(days, new Date(at))).toBe(expected);
  });

  it("when inputs are extreme, then the score stays within 0..100", () => {
    expect(productivityScore({ completedThisWeek: 1000, streakDays: 1000, overdue: 0 })).toBe(100);
    expect(productivityScore({ completedThisWeek: 0, streakDays: 0, overdue: 1000 })).toBe(0);
  });

  it("when there are urgent, open or no items, then the welcome line says so", () => {
    expect(welcomeMessage("Dana Demo", 9, { urgent: 1, total: 3 })).toBe("Good morning, Dana. You have 1 urgent item.");
    expect(welcomeMessage("Dana Demo", 14, { urgent: 0, total: 2 })).toBe("Good afternoon, Dana. You have 2 open items.");
    expect(welcomeMessage("Dana", 21, { urgent: 0, total: 0 })).toBe("Good evening, Dana. You are all caught up.");
  });

  it("when counts are given, then insights follow them", () => {
    expect(insightsFor({ total: 0, urgent: 0, overdue: 0 }).map((i) => i.id)).toEqual(["all-clear"]);
    expect(insightsFor({ total: 3, urgent: 1, overdue: 2 }).map((i) => i.severity)).toEqual(["warning", "info"]);
  });
});
