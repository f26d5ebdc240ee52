import { weakEtag } from "../cache/etag.js";
import type { CachedSection } from "../cache/section-cache.js";
import type { components } from "../generated/openapi.js";
import { JsonText } from "../vocabulary/json-text.js";
import { isoInstant } from "../vocabulary/iso-instant.js";

/** Why a section is not fresh, as the contract's `SectionError`. */
export type SectionError = components["schemas"]["SectionError"];

/** A section's wire form: its serialized envelope and the validator of its data. */
export interface SectionResult {
  status: components["schemas"]["SectionStatus"];
  /**
   * `{ status, asOf, data, error? }` as JSON text in pieces (the cached data is one of them), ready to write into a
   * page's bytes without first copying them into one string (`envelopeText` joins them for a section's own answer).
   */
  parts: readonly string[];
  /** Weak ETag over the section's data only. */
  etag: string;
  /** Served from the fresh cache without running the section. */
  fromCache: boolean;
  /** The fresh cache entry it was served from (when `fromCache`). */
  cached?: CachedSection;
}

const nullEtag = weakEtag("null");

/** A section's envelope as one JSON text (its own endpoint's body). */
export const envelopeText = (result: SectionResult): string => result.parts.join("");

/** Wraps cached data as a fresh (`ok`) section. */
export function okSection(entry: CachedSection, fromCache: boolean): SectionResult {
  return { status: "ok", parts: [`{"status":"ok","asOf":"${entry.asOf}","data":`, entry.data, "}"], etag: entry.etag, fromCache, ...(fromCache ? { cached: entry } : {}) };
}

/** The last good copy, marked stale with the reason the section failed. */
export function staleSection(entry: CachedSection, error: SectionError): SectionResult {
  return {
    status: "stale",
    parts: [`{"status":"stale","asOf":"${entry.asOf}","data":`, entry.data, `,"error":${JSON.stringify(error)}}`],
    etag: entry.etag,
    fromCache: false,
  };
}

/** No data at all: the section failed and no good copy exists. */
export function unavailableSection(error: SectionError, now: Date): SectionResult {
  return {
    status: "unavailable",
    parts: [`{"status":"unavailable","asOf":"${isoInstant(now)}","data":null,"error":${JSON.stringify(error)}}`],
    etag: nullEtag,
    fromCache: false,
  };
}

/** Serializes freshly computed data into a cache entry (the one JSON.stringify a section ever costs; none for data that is `JsonText` already). */
export function toCachedSection(data: unknown, asOf: Date): CachedSection {
  const serialized = data instanceof JsonText ? data.text : JSON.stringify(data);
  return { data: serialized, etag: weakEtag(serialized), asOf: isoInstant(asOf) };
}
