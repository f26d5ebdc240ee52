import { describe, expect, it } from "vitest";
import { localHour } from "./local-hour.js";

/** The hour as the runtime's own formatter gives it for that instant, nothing kept between instants. */
const formats = new Map<string, Intl.DateTimeFormat>();
function hourByIntl(at: Date, timezone: string): number {
  let format = formats.get(timezone);
  if (!format) formats.set(timezone, (format = new Intl.DateTimeFormat("en-US", { hour: "numeric", hourCycle: "h23", timeZone: timezone })));
  return Number(format.format(at));
}

describe("localHour", () => {
  // Zones with offsets of a half and three quarters of an hour, a half-hour daylight shift (Lord Howe), and both
  // hemispheres' daylight-saving changes.
  const zones = ["UTC", "Europe/Berlin", "America/New_York", "America/St_Johns", "Asia/Kathmandu", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham"];
  // Each zone's changes of 2026: the minutes around them are walked one by one, in order, as a server's clock goes.
  const days = ["2026-03-08", "2026-03-29", "2026-04-05", "2026-09-27", "2026-10-04", "2026-10-25", "2026-11-01"];

  it("when the clock walks minute by minute across 2026's daylight-saving changes, then every hour is the runtime's own", () => {
    let compared = 0;
    const wrong: string[] = [];
    for (const timezone of zones) {
      for (const day of days) {
        const start = Date.parse(`${day}T00:00:00Z`) - 36 * 3_600_000;
        for (let t = start; t < start + 72 * 3_600_000; t += 60_000) {
          const at = new Date(t);
          const hour = localHour(at, timezone);
          if (hour !== hourByIntl(at, timezone)) wrong.push(`${timezone} at ${at.toISOString()}: ${hour}`);
          compared++;
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(compared).toBe(zones.length * days.length * 72 * 60);
  });

  it("when the clock goes back, or jumps, then the hour follows it", () => {
    const times = ["2026-11-30T12:07:00Z", "2026-06-01T03:59:00Z", "2026-11-30T12:14:59Z", "2030-01-01T00:00:00Z", "2026-11-30T12:15:00Z"];
    for (const time of times) expect(localHour(new Date(time), "Asia/Kathmandu")).toBe(hourByIntl(new Date(time), "Asia/Kathmandu"));
  });

  it("when the zone is unknown to the runtime, then the hour is UTC's", () => {
    expect(localHour(new Date("2026-11-30T21:30:00Z"), "Mars/Olympus_Mons")).toBe(21);
    expect(localHour(new Date("2026-11-30T22:30:00Z"), "Mars/Olympus_Mons")).toBe(22);
  });
});
