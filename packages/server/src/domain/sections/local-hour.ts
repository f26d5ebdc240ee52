/** A time zone's clock hour, as last read: its formatter (null: a zone unknown to this runtime) and the UTC quarter hour it holds for. */
interface ZoneHour {
  readonly format: Intl.DateTimeFormat | null;
  quarter: number;
  hour: number;
}

const quarterMs = 15 * 60_000;
/** By time zone. Making a formatter costs far more than using it, and zones are few; bounded all the same. */
const zones = new Map<string, ZoneHour>();
const maxZones = 1_000;

/**
 * The hour (0–23) at `now` in `timezone`; UTC's when the zone is unknown to
 * this runtime. Time zones in use are offset from UTC by whole quarter hours
 * and change their offset on a local hour, so a zone's clock hour changes
 * only on a quarter hour of UTC: it is read from the formatter once per zone
 * per quarter hour instead of on every page (reading it was 2% of a cache
 * miss's CPU, docs/performance.md, eighth round).
 */
export function localHour(now: Date, timezone: string): number {
  let zone = zones.get(timezone);
  if (zone === undefined) {
    let format: Intl.DateTimeFormat | null;
    try {
      format = new Intl.DateTimeFormat("en-US", { hour: "numeric", hourCycle: "h23", timeZone: timezone });
    } catch {
      format = null;
    }
    if (zones.size >= maxZones) zones.clear();
    zone = { format, quarter: Number.NaN, hour: 0 };
    zones.set(timezone, zone);
  }
  const quarter = Math.floor(now.getTime() / quarterMs);
  if (zone.quarter !== quarter) {
    zone.hour = zone.format ? Number(zone.format.format(now)) : now.getUTCHours();
    zone.quarter = quarter;
  }
  return zone.hour;
}
