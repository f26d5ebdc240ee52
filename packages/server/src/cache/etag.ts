import { hash } from "node:crypto";

/** A weak validator (`W/"…"`) over serialized data; equal data gives equal tags on every instance. */
export function weakEtag(serialized: string): string {
  return `W/"${hash("sha1", serialized, "base64url").slice(0, 22)}"`;
}

/** Combines several validators into one, e.g. the page's from its sections'. Order matters. */
export function combineEtags(parts: ReadonlyArray<string>): string {
  return weakEtag(parts.join("|"));
}

/**
 * RFC 9110 weak comparison of an `If-None-Match` header against a tag:
 * `*` matches anything, lists are comma-separated, `W/` is ignored.
 */
export function ifNoneMatchMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  const wanted = opaque(etag);
  return header.split(",").some((candidate) => candidate.trim() === "*" || opaque(candidate) === wanted);
}
