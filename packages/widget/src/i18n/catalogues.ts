import en from "./locales/en.js";
import type { Messages } from "./messages.js";

/**
 * The built-in catalogues other than English, each its own module so bundlers
 * split it into a chunk that loads only when a page asks for that language
 * (English is bundled: it is the default and the fallback).
 */
const loaders: Record<string, () => Promise<{ default: Messages }>> = {
  ar: () => import("./locales/ar.js"),
  de: () => import("./locales/de.js"),
  es: () => import("./locales/es.js"),
  fr: () => import("./locales/fr.js"),
  it: () => import("./locales/it.js"),
  ja: () => import("./locales/ja.js"),
  nl: () => import("./locales/nl.js"),
  pt: () => import("./locales/pt.js"),
  zh: () => import("./locales/zh.js"),
  // A pseudo-locale: English with every letter accented and each message bracketed, to find hard-coded text.
  "en-xa": () => import("./locales/pseudo.js").then((module) => ({ default: module.default(en) })),
};

/** The languages the widget ships catalogues for (`en-XA` is the pseudo-locale). */
export const builtInLocales: readonly string[] = ["en", "ar", "de", "es", "fr", "it", "ja", "nl", "pt", "zh", "en-XA"];

/** The built-in catalogue that serves `locale`: the whole tag if one matches, else its language, else English. */
export function catalogueKey(locale: string | undefined): string {
  const tag = (locale ?? "").toLowerCase();
  if (tag in loaders) return tag;
  const language = tag.split("-")[0] ?? "";
  return language in loaders ? language : "en";
}

const loaded = new Map<string, Messages>([["en", en]]);

/** The catalogue under `key` if it is loaded already, else `undefined`. */
export function loadedCatalogue(key: string): Messages | undefined {
  return loaded.get(key);
}

/** Loads (once) the catalogue under `key`; English when there is no such catalogue or it fails to load. */
export async function loadCatalogue(key: string): Promise<Messages> {
  const cached = loaded.get(key);
  if (cached) return cached;
  const load = loaders[key];
  const messages = load ? await load().then((module) => module.default, () => en) : en;
  loaded.set(key, messages);
  return messages;
}
