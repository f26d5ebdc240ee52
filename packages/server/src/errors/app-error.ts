import { problemTypes as contractProblemTypes, type ProblemSlug } from "../generated/contract.js";
import type { components } from "../generated/openapi.js";

/** One entry of a problem's `errors[]` (400/422): where the bad input is and what is wrong; `pointer` is `/body/...`, `/query/<name>`, `/path/<name>` or `/header/<name>`. */
export type ValidationIssue = components["schemas"]["ValidationIssue"];

/**
 * The problem type this server answers with for each status: the first type
 * openapi.yaml's `x-problem-types` lists for that status (generated).
 */
export const problemTypes = problemTypesByStatus();

function problemTypesByStatus() {
  const byStatus: Record<number, { slug: ProblemSlug; title: string }> = {};
  for (const [slug, { status, title }] of Object.entries(contractProblemTypes) as [ProblemSlug, (typeof contractProblemTypes)[ProblemSlug]][]) {
    byStatus[status] ??= { slug, title };
  }
  return byStatus as { readonly [S in (typeof contractProblemTypes)[ProblemSlug]["status"]]: { slug: ProblemSlug; title: string } };
}

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
