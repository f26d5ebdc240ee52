import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import Negotiator from "negotiator";

/** The content codings the server compresses JSON with, in its order of preference. */
export type ContentCoding = "br" | "gzip";

/** Bodies smaller than this go out as they are: compressing them saves less than it costs. */
const minimumBytes = 1024;
/**
 * Ours, for codings a client weighs equally (browsers send `gzip, deflate,
 * br, zstd` without weights): gzip first. For our JSON (a 10 KB page) gzip at
 * level 6 took 44 µs and made 2,455 bytes; Brotli took 110 µs at quality 5
 * for 2,267 bytes and 79 µs at quality 4 for 2,423 (docs/performance.md,
 * tenth round). A body is compressed on the request path each time its page
 * changes, so the 8% that quality 5 saves costs a page read 66 µs of CPU.
 * A client that weighs `br` higher still gets it.
 */
const offered = ["gzip", "br", "identity"];
/** negotiator 1.x takes a server preference for ties; its @types predate that option. */
interface PreferringNegotiator {
  encoding(available: string[], options: { preferred: string[] }): string | undefined;
}
/** Recent `Accept-Encoding` values and their answer: clients send the same few strings over and over. */
const answers = new Map<string, ContentCoding | undefined>();
const maxAnswers = 256;

/** The coding to send for a request's `Accept-Encoding` (RFC 9110 negotiation), or undefined for identity. */
export function preferredCoding(acceptEncoding: string | undefined): ContentCoding | undefined {
  if (!acceptEncoding) return undefined;
  if (answers.has(acceptEncoding)) return answers.get(acceptEncoding);
  // Among codings the client weighs equally, ours (`offered`'s order).
  const chosen = (new Negotiator({ headers: { "accept-encoding": acceptEncoding } }) as unknown as PreferringNegotiator).encoding(offered, { preferred: offered });
  const coding = chosen === "br" || chosen === "gzip" ? chosen : undefined;
  if (answers.size >= maxAnswers) answers.clear();
  answers.set(acceptEncoding, coding);
  return coding;
}

/**
 * `body` in `coding`: gzip at level 6, Brotli at quality 5 (for clients that
 * prefer it). A cached page pays this once per coding.
 */
export function compress(body: Buffer, coding: ContentCoding): Buffer {
  return coding === "br"
    ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
    : gzipSync(body, { level: 6 });
}

/**
 * The bytes to send and their coding: `body` itself, or its compressed copy
 * from `encodings` (made and kept there the first time it is asked for).
 */
export function encodedBody(body: Buffer, coding: ContentCoding | undefined, encodings?: Map<string, Buffer>): { bytes: Buffer; coding?: ContentCoding } {
  if (!coding || body.length < minimumBytes) return { bytes: body };
  let bytes = encodings?.get(coding);
  if (!bytes) {
    bytes = compress(body, coding);
    encodings?.set(coding, bytes);
  }
  return { bytes, coding };
}
