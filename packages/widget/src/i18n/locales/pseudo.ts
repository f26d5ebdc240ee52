import type { Messages } from "../messages.js";

/**
 * The pseudo-locale `en-XA`: English with every letter accented and every
 * message in ⟦brackets⟧. Tests render the widget in it; a visible string
 * without brackets was not taken from the catalogue. Values passed into a
 * message (names, titles, formatted numbers) are kept as they are.
 */
const accents: Record<string, string> = Object.fromEntries(
  [..."abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"].map((letter, index) => [
    letter,
    [..."åƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ"][index]!,
  ]),
);

const accent = (text: string): string => text.replace(/[A-Za-z]/g, (letter) => accents[letter] ?? letter);

/** Accents `text` except where it repeats one of `kept` (an argument of the message). */
function pseudo(text: string, kept: string[]): string {
  const values = kept.filter((value) => value.length > 0);
  if (values.length === 0) return `⟦${accent(text)}⟧`;
  const pattern = new RegExp(`(${values.map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`);
  return `⟦${text
    .split(pattern)
    .map((part) => (values.includes(part) ? part : accent(part)))
    .join("")}⟧`;
}

function pseudoize<T>(value: T, kept: string[] = []): T {
  if (typeof value === "string") return pseudo(value, kept) as T;
  if (typeof value === "function") {
    // A message function may return plural forms: accent each, keeping the arguments.
    return ((...args: unknown[]) =>
      pseudoize((value as (...args: unknown[]) => unknown)(...args), args.filter((arg): arg is string => typeof arg === "string"))) as T;
  }
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, pseudoize(entry, kept)])) as T;
  }
  return value;
}

/** The pseudo-locale made from `english` (passed in, so this chunk shares no module with the widget's entry). */
export default function pseudoLocalize(english: Messages): Messages {
  return { ...pseudoize(english), lang: "en-XA", dir: "ltr" };
}
