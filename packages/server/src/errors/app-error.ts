import type { components } from "../generated/openapi.js";

/** One entry of a problem's `errors[]` (400/422): where the bad input is and what is wrong; `pointer` is `/body/...`, `/query/<name>`, `/path/<name>` or `/header/<name>`. */
export type ValidationIssue = components["schemas"]["ValidationIssue"];

/** The problem types this server emits; each maps to a stable `type` URI and title. */
export const problemTypes = {
  400: { slug: "bad-request", title: "Bad request" },
  401: { slug: "unauthorized", title: "Unauthorized" },
  403: { slug: "forbidden", title: "Forbidden" },
  404: { slug: "not-found", title: "Not found" },
  405: { slug: "method-not-allowed", title: "Method not allowed" },
  406: { slug: "not-acceptable", title: "Not acceptable" },
  409: { slug: "conflict", title: "Conflict" },
  413: { slug: "payload-too-large", title: "Payload too large" },
  415: { slug: "unsupported-media-type", title: "Unsupported media type" },
  422: { slug: "unprocessable-content", title: "Unprocessable content" },
  429: { slug: "rate-limited", title: "Too many requests" },
  500: { slug: "internal", title: "Internal server error" },
  503: { slug: "service-unavailable", title: "Service unavailable" },
} as const satisfies Record<number, { slug: string; title: string }>;

/** An HTTP status this server knows how to describe. */
export type ProblemStatus = keyof typeof problemTypes;

/** Options for `AppError` beyond status and detail. */
export interface AppErrorOptions {
  /** One entry per bad field (400/422). */
  errors?: ValidationIssue[];
  /** Extra response headers, e.g. `WWW-Authenticate` or `Retry-After`. */
  headers?: Record<string, string>;
  /** Extension members added to the problem document (e.g. `checks`). */
  extensions?: Record<string, unknown>;
  /** The underlying error, kept for logs only. */
  cause?: unknown;
}

/**
 * The one error type the application throws on purpose. Its `detail` is safe
 * to show to clients; anything that is not an `AppError` becomes a generic 500.
 */
export class AppError extends Error {
  readonly status: ProblemStatus;
  readonly errors: ValidationIssue[] | undefined;
  readonly headers: Record<string, string>;
  readonly extensions: Record<string, unknown>;

  constructor(status: ProblemStatus, detail: string, options: AppErrorOptions = {}) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.status = status;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
    this.extensions = options.extensions ?? {};
  }
}
