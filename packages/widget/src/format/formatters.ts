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

/** The value `build()` returns, built on the first call only. */
function once<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

/**
 * Builds the formatters for one locale and time zone. `Intl` constructors are
 * expensive (the first one on a page also loads the browser's locale data,
 * tens of milliseconds on a slow phone), so each is built on its first use
 * and kept: the widget creates these once per locale change, and a default
 * that is replaced before it formats anything costs nothing.
 */
export function createFormatters(locale?: string, timeZone?: string): Formatters {
  const tag = supportedLocale(locale);
  const integer = once(() => new Intl.NumberFormat(tag, { maximumFractionDigits: 0 }));
  const decimal = once(() => new Intl.NumberFormat(tag, { maximumFractionDigits: 1 }));
  const percent = once(() => new Intl.NumberFormat(tag, { style: "unit", unit: "percent", maximumFractionDigits: 1 }));
  const units = Object.fromEntries(
    Object.entries(unitNames).map(([key, unit]) => [
      key,
      once(() => new Intl.NumberFormat(tag, { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: 1 })),
    ]),
  ) as Record<keyof typeof unitNames, () => Intl.NumberFormat>;
  const dateTime = once(() => {
    const options: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" };
    if (timeZone) {
      try {
        return new Intl.DateTimeFormat(tag, { ...options, timeZone });
      } catch {
        // An unknown zone falls back to the browser's instead of throwing mid-render.
      }
    }
    return new Intl.DateTimeFormat(tag, options);
  });
  const relative = once(() => new Intl.RelativeTimeFormat(tag, { numeric: "auto" }));

  return {
    get locale() {
      return integer().resolvedOptions().locale;
    },
    metric(value, unit) {
      if (unit === "percent") return percent().format(value);
      if (unit === "count") return Number.isInteger(value) ? integer().format(value) : decimal().format(value);
      return units[unit]().format(value);
    },
    count: (value) => integer().format(value),
    dateTime: (iso) => dateTime().format(new Date(iso)),
    relative(time, now = Date.now()) {
      let amount = (new Date(time).getTime() - now) / 1000;
      for (const [unit, size] of relativeSteps) {
        if (Math.abs(amount) < size) return relative().format(Math.round(amount), unit);
        amount /= size;
      }
      return relative().format(Math.round(amount), "year");
    },
  };
}
