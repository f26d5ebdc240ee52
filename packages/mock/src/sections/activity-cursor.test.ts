import { describe, expect, it } from "vitest";
import { decodeActivityCursor, encodeActivityCursor } from "./activity-cursor.js";

describe("activity cursors", () => {
  it("when a position is encoded, then the cursor is base64url and decodes to the same position", () => {
    const position = { occurredAt: "2026-11-25T09:40:00.000Z", id: "evt_9c1b2a" };
    const cursor = encodeActivityCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeActivityCursor(cursor)).toEqual(position);
  });

  it("when a cursor was not issued by the mock, then it decodes to undefined", () => {
    for (const cursor of ["abc", "!!", btoa('{"t":"yesterday","i":"x"}').replace(/=+$/, ""), btoa("[1,2]").replace(/=+$/, "")]) {
      expect(decodeActivityCursor(cursor), cursor).toBeUndefined();
    }
  });
});
