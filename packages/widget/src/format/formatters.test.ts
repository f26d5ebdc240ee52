import { afterEach, describe, expect, it, vi } from "vitest";
import { createFormatters } from "./formatters.js";

describe("createFormatters", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("when formatters are created, then no Intl formatter is built until something is formatted, and each only once", () => {
    const numberFormat = vi.spyOn(Intl, "NumberFormat");
    const dateTimeFormat = vi.spyOn(Intl, "DateTimeFormat");
    const format = createFormatters("en-US", "America/New_York");
    expect(numberFormat).not.toHaveBeenCalled();
    expect(dateTimeFormat).not.toHaveBeenCalled();
    format.count(1);
    format.count(2);
    format.dateTime("2026-03-04T15:30:00Z");
    expect(numberFormat).toHaveBeenCalledTimes(1);
    expect(dateTimeFormat).toHaveBeenCalledTimes(1);
  });

  it("when the locale is German, then numbers and units use German conventions", () => {
    const format = createFormatters("de-DE", "Europe/Berlin");
    expect(format.count(1204)).toBe("1.204");
    expect(format.metric(87.5, "percent")).toMatch(/^87,5\s%$/);
    expect(format.metric(12, "hours")).toMatch(/^12\sStd\.$/);
  });

  it("when a date is in the past, then the relative form reads naturally in the locale", () => {
    const now = Date.parse("2026-03-04T12:00:00Z");
    const format = createFormatters("en-US", "UTC");
    expect(format.relative("2026-03-04T09:00:00Z", now)).toBe("3 hours ago");
    expect(format.relative("2026-03-03T12:00:00Z", now)).toBe("yesterday");
    expect(format.relative("2026-03-06T12:00:00Z", now)).toBe("in 2 days");
  });

  it("when a date is formatted, then the user's time zone is applied", () => {
    const format = createFormatters("en-US", "America/New_York");
    expect(format.dateTime("2026-03-04T15:30:00Z")).toBe("Mar 4, 2026, 10:30 AM");
  });

  it("when the locale or time zone is malformed, then formatting falls back instead of throwing", () => {
    const format = createFormatters("not a locale!", "Not/AZone");
    expect(format.count(5)).toBe("5");
    expect(format.dateTime("2026-03-04T15:30:00Z")).toMatch(/2026/);
  });
});
