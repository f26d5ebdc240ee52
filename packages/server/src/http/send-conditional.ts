import type { ServerResponse } from "node:http";
import { ifNoneMatchMatches } from "../cache/etag.js";
import { encodedBody, preferredCoding } from "./content-coding.js";

/** What `sendConditional` needs of a request: its conditional and negotiation headers. */
interface ConditionalRequest {
  headers: { "if-none-match"?: string | undefined; "accept-encoding"?: string | undefined };
}

/**
 * Sends a JSON read with its weak ETag and `Cache-Control: private,
 * no-cache`; answers 304 with no body when `If-None-Match` matches, else
 * 200 with the body compressed when the client accepts `br` or `gzip`
 * (`Vary: Accept-Encoding`; the weak ETag is the same in every coding).
 * `encodings` keeps compressed copies of a cached body, so it is compressed
 * once. Works on a plain `node:http` response, so the hot page read uses it
 * too.
 */
export function sendConditional(req: ConditionalRequest, res: ServerResponse, body: Buffer | string, etag: string, encodings?: Map<string, Buffer>): void {
  res.setHeader("ETag", etag);
  res.setHeader("Cache-Control", "private, no-cache");
  varyOnEncoding(res);
  if (ifNoneMatchMatches(req.headers["if-none-match"], etag)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  const { bytes, coding } = encodedBody(typeof body === "string" ? Buffer.from(body) : body, preferredCoding(req.headers["accept-encoding"]), encodings);
  res.statusCode = 200;
  res.setHeader("Content-Type", "application/json; charset=utf-8");
  res.setHeader("Content-Length", bytes.length);
  if (coding) res.setHeader("Content-Encoding", coding);
  res.end(bytes);
}

/** Adds `Accept-Encoding` to `Vary`, keeping what is there (cors's `Origin`). */
function varyOnEncoding(res: ServerResponse): void {
  const present = res.getHeader("Vary");
  if (present === undefined) return void res.setHeader("Vary", "Accept-Encoding");
  const list = String(present);
  if (!/(?:^|,)\s*(?:accept-encoding|\*)\s*(?:,|$)/i.test(list)) res.setHeader("Vary", `${list}, Accept-Encoding`);
}
