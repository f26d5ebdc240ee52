// What the generators do with a reply's body before they look inside it: decode it as a browser would.
import { brotliDecompressSync, gunzipSync } from "node:zlib";

/** `body` as it was before its `Content-Encoding` `coding` (gzip or br; anything else is returned as it is). */
export function decodedBody(body, coding) {
  return coding === "gzip" ? gunzipSync(body) : coding === "br" ? brotliDecompressSync(body) : body;
}
