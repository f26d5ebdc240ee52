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
 * once. Works on a plain `node:http` response.
 *
 * `head` holds headers the caller decided but did not set, as name, value,
 * name, value…: everything goes out in one `writeHead`, which costs node far
 * less per header than `setHeader` (the widget's poll, `http/hot-page-reads.ts`,
 * sends some 25). Headers already set on `res` are kept.
 */
export function sendConditional(
  req: ConditionalRequest,
  res: ServerResponse,
  body: Buffer | string,
  etag: string,
  encodings?: Map<string, Buffer>,
  head: string[] = [],
): void {
  head.push("ETag", etag, "Cache-Control", "private, no-cache");
  varyOnEncoding(res, head);
  if (ifNoneMatchMatches(req.headers["if-none-match"], etag)) {
    res.writeHead(304, head);
    res.end();
    return;
  }
  const { bytes, coding } = encodedBody(typeof body === "string" ? Buffer.from(body) : body, preferredCoding(req.headers["accept-encoding"]), encodings);
  head.push("Content-Type", "application/json; charset=utf-8", "Content-Length", String(bytes.length));
  if (coding) head.push("Content-Encoding", coding);
  res.writeHead(200, head);
  res.end(bytes);
}

const listsEncoding = /(?:^|,)\s*(?:accept-encoding|\*)\s*(?:,|$)/i;

/** Adds `Accept-Encoding` to `Vary`, keeping what is there already (cors's `Origin`), on `res` or in `head`. */
function varyOnEncoding(res: ServerResponse, head: string[]): void {
  for (let i = 0; i < head.length; i += 2) {
    if (head[i]!.toLowerCase() !== "vary") continue;
    if (!listsEncoding.test(head[i + 1]!)) head[i + 1] = `${head[i + 1]}, Accept-Encoding`;
    return;
  }
  const present = res.getHeader("Vary");
  if (present === undefined) head.push("Vary", "Accept-Encoding");
  else if (!listsEncoding.test(String(present))) res.setHeader("Vary", `${String(present)}, Accept-Encoding`);
}
