// Weak ETags computed from response data (never from volatile metadata such
// as `asOf` or `generatedAt`), so a validator changes exactly when content does.

/** 53-bit FNV-1a-style hash of a string; synchronous so it works the same in Node and browsers. */
function hash(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 0x01000193);
    h2 = Math.imul(h2 ^ code, 0x5bd1e995);
  }
  return ((h1 >>> 0).toString(16).padStart(8, "0") + (h2 >>> 0).toString(16).padStart(8, "0")).slice(0, 14);
}

/** A weak ETag (`W/"…"`) for any JSON-serializable value. */
export function weakEtag(value: unknown): string {
  return `W/"${hash(JSON.stringify(value))}"`;
}

/** True when an `If-None-Match` header matches `etag` (weak comparison, lists and `*` allowed). */
export function matchesIfNoneMatch(header: string | null, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((candidate) => candidate.trim() === "*" || opaque(candidate) === opaque(etag));
}
