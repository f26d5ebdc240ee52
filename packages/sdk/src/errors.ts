import type { Problem } from "./types.js";

/**
 * What went wrong: the server answered with an error status (`http`), no answer
 * arrived (`network`), the client's timeout fired (`timeout`), or the caller's
 * signal cancelled the call (`aborted`).
 */
export type IntroPageErrorKind = "http" | "network" | "timeout" | "aborted";

/** The fields an {@link IntroPageError} may carry besides its kind and message. */
export interface IntroPageErrorDetails {
  /** The HTTP status, for `http` errors. */
  status?: number;
  /** The parsed RFC 9457 problem document, when the error response carried one. */
  problem?: Problem;
  /** The response's `X-Request-Id`, to quote when reporting the error. */
  requestId?: string;
  /** Seconds the server asked the client to wait (`Retry-After`), when it did. */
  retryAfter?: number;
  /** The underlying error (a network failure, or the abort reason). */
  cause?: unknown;
}

/** The one error every SDK call rejects with. */
export class IntroPageError extends Error {
  // `declare` keeps these type-only: the constructor's Object.assign sets them (fewer bytes shipped).
  /** Which of the four ways the call failed. */
  declare readonly kind: IntroPageErrorKind;
  /** The HTTP status, for `http` errors. */
  declare readonly status?: number;
  /** The parsed RFC 9457 problem document, when the error response carried one. */
  declare readonly problem?: Problem;
  /** The response's `X-Request-Id`, to quote when reporting the error. */
  declare readonly requestId?: string;
  /** Seconds the server asked the client to wait (`Retry-After`), when it did. */
  declare readonly retryAfter?: number;

  /** Creates an error; SDK users normally only read these, not create them. */
  constructor(kind: IntroPageErrorKind, message: string, { cause, ...details }: IntroPageErrorDetails = {}) {
    super(message, { cause });
    Object.assign(this, details, { name: "IntroPageError", kind });
  }
}

/**
 * Reads `Retry-After` as whole seconds from now: either delay-seconds or an
 * HTTP-date (RFC 9110 §10.2.3). Anything unreadable counts as absent.
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = /^\s*\d+\s*$/.test(value) ? +value : Math.ceil((Date.parse(value) - now) / 1000);
  // NaN (unreadable) fails both comparisons; a date in the past means "now".
  return seconds > 0 ? seconds : seconds <= 0 ? 0 : undefined;
}

/** Turns an error response and its (already parsed) body into an {@link IntroPageError}. */
export function httpError(response: Response, body: unknown): IntroPageError {
  const problem = body && typeof body === "object" ? (body as Problem) : undefined;
  return new IntroPageError("http", problem?.detail ?? problem?.title ?? `HTTP ${response.status}`, {
    status: response.status,
    problem,
    requestId: response.headers.get("X-Request-Id") ?? problem?.requestId,
    retryAfter: parseRetryAfter(response.headers.get("Retry-After")),
  });
}
