const dayMs = 86_400_000;
/** The instants `toISOString` writes with a four-digit year and no sign: 0000-01-01 to 9999-12-31. */
const firstMs = -62_167_219_200_000;
const lastMs = 253_402_300_799_999;
/** Each day's "YYYY-MM-DDT", by day number since the epoch; a page's instants fall on a few days (now, a week ago…). */
const days = new Map<number, string>();
const maxDays = 64;
const twoDigits = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, "0"));
const threeDigits = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, "0"));

/**
 * `new Date(at).toISOString()`, the same text. A page writes nine or ten
 * instants (`generatedAt`, each fresh section's `asOf`, its statistics window)
 * and V8 formats each through snprintf, ~7,000 instructions a time
 * (docs/performance.md, eleventh round); here a day's date is formatted once
 * and the time of day is arithmetic. Anything outside the four-digit years,
 * or not a whole millisecond, goes through Date (an invalid one throws
 * RangeError there, as `toISOString` does).
 */
export function isoInstant(at: Date | number): string {
  const ms = typeof at === "number" ? at : at.getTime();
  if (!Number.isInteger(ms) || ms < firstMs || ms > lastMs) return new Date(ms).toISOString();
  const day = Math.floor(ms / dayMs);
  let date = days.get(day);
  if (date === undefined) {
    if (days.size >= maxDays) days.clear();
    date = new Date(day * dayMs).toISOString().slice(0, 11);
    days.set(day, date);
  }
  let rest = ms - day * dayMs;
  const milliseconds = rest % 1000;
  rest = (rest - milliseconds) / 1000;
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  const minutes = rest % 60;
  const hours = (rest - minutes) / 60;
  return `${date}${twoDigits[hours]}:${twoDigits[minutes]}:${twoDigits[seconds]}.${threeDigits[milliseconds]}Z`;
}
