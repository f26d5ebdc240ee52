import type { Metric } from "../page-model.js";

/** Locale-aware formatting for everything the widget prints. */
export interface Formatters {
  /** The locale actually used (after `Intl` negotiation). */
  readonly locale: string;
  /** A metric value with its unit, e.g. "87%", "12 hr", "1,204". */
  metric(value: number, unit: Metric["unit"]): string;
  /** A plain integer, grouped for the locale. */
  count(value: number): string;
  /** A date and time, e.g. "Mar 4, 2026, 9:30 AM". */
  dateTime(iso: string): string;
  /** A time (ISO string or epoch milliseconds) relative to `now`, e.g. "3 hours ago", "in 2 days". */
  relative(time: string | number, now?: number): string;
}

const unitNames = { hours: "hour", minutes: "minute", days: "day" } as const;

const relativeSteps: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 7],
  ["week", 4.35],
  ["month", 12],
  ["year", Number.POSITIVE_INFINITY],
];

/** Falls back to the runtime default when a tag is malformed instead of throwing mid-render. */
function supportedLocale(locale: string | undefined): string | undefined {
  if (!locale) return undefined;
  try {
    return Intl.getCanonicalLocales(locale)[0];
  } catch {
    return undefined;
  }
}

function supportedTimeZone(timeZone: string | undefined): string | undefined {
  if (!timeZone) return undefined;
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return timeZone;
  } catch {
    return undefined;
  }
}

/**
 * Builds the formatters for one locale and time zone. `Intl` constructors are
 * comparatively expensive, so the widget creates these once per locale change
 * rather than per value.
 */
export function createFormatters(locale?: string, timeZone?: string): Formatters {
  const tag = supportedLocale(locale);
  const zone = supportedTimeZone(timeZone);
  const integer = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
  const decimal = new Intl.NumberFormat(tag, { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(tag, { style: "unit", unit: "percent", maximumFractionDigits: 1 });
  const units = Object.fromEntries(
    Object.entries(unitNames).map(([key, unit]) => [
      key,
      new Intl.NumberFormat(tag, { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: 1 }),
    ]),
  ) as Record<keyof typeof unitNames, Intl.NumberFormat>;
  const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: "medium", timeStyle: "short", ...(zone ? { timeZone: zone } : {}) });
  const relative = new Intl.RelativeTimeFormat(tag, { numeric: "auto" });

  return {
    locale: integer.resolvedOptions().locale,
    metric(value, unit) {
      if (unit === "percent") return percent.format(value);
      if (unit === "count") return Number.isInteger(value) ? integer.format(value) : decimal.format(value);
      return units[unit].format(value);
    },
    count: (value) => integer.format(value),
    dateTime: (iso) => dateTime.format(new Date(iso)),
    relative(time, now = Date.now()) {
      let amount = (new Date(time).getTime() - now) / 1000;
      for (const [unit, size] of relativeSteps) {
        if (Math.abs(amount) < size) return relative.format(Math.round(amount), unit);
        amount /= size;
      }
      return relative.format(Math.round(amount), "year");
    },
  };
}
