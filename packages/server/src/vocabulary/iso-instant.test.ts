import { describe, expect, it } from "vitest";
import { isoInstant } from "./iso-instant.js";

const firstMs = Date.parse("0000-01-01T00:00:00.000Z");
const lastMs = Date.parse("9999-12-31T23:59:59.999Z");

describe("isoInstant", () => {
  it("writes what toISOString writes, for instants across every four-digit year", () => {
    // A fixed pseudo-random walk (no Math.random: a failure must replay), plus the instants either side of midnight.
    let seed = 42;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const instants = Array.from({ length: 20_000 }, () => Math.floor(firstMs + next() * (lastMs - firstMs)));
    for (const midnight of [0, Date.parse("2026-11-30T00:00:00Z"), Date.parse("1969-12-31T00:00:00Z"), Date.parse("2000-02-29T00:00:00Z")]) {
      instants.push(midnight - 1, midnight, midnight + 1, midnight + 999, midnight + 86_399_999);
    }
    instants.push(firstMs, lastMs);
    for (const ms of instants) expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
  });

  it("takes a Date as well as its milliseconds", () => {
    const at = new Date("2026-11-30T22:44:01.123Z");
    expect(isoInstant(at)).toBe("2026-11-30T22:44:01.123Z");
  });

  it("leaves years outside 0000–9999 and fractional milliseconds to Date, and throws for an invalid one as toISOString does", () => {
    for (const ms of [firstMs - 1, lastMs + 1, 8.64e15, -8.64e15, 1_700_000_000_000.5]) expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
    expect(isoInstant(firstMs - 1)).toBe("-000001-12-31T23:59:59.999Z");
    expect(() => isoInstant(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => isoInstant(8.64e15 + 1)).toThrow(RangeError);
  });

  it("stays right when more days are asked than it keeps", () => {
    const start = Date.parse("2026-01-01T12:34:56.789Z");
    for (let day = 0; day < 200; day++) {
      const ms = start + day * 86_400_000;
      expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
    }
  });
});
