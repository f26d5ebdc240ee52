import type { IntroPageError } from "./errors.js";
import type { OperationId } from "./types.js";

/** How the client retries transient failures of operations that are safe to repeat. */
export interface RetryOptions {
  /** Attempts in total, the first included. Default 3. */
  maxAttempts?: number;
  /** The backoff before the first retry is drawn from [0, baseDelayMs); it doubles each retry. Default 300. */
  baseDelayMs?: number;
  /** Upper bound of one backoff (not of a server's `Retry-After`). Default 10000. */
  maxDelayMs?: number;
  /** No retry starts whose wait would end later than this after the call began. Default 30000. */
  budgetMs?: number;
}

/**
 * POSTs the spec documents as idempotent (a repeat has the same outcome), so
 * retrying them after an answer was lost is safe. PATCH is never retried.
 */
const idempotentPosts: readonly OperationId[] = ["completeAction", "dismissAction", "postEvents"];

/** Statuses that say "try again later" rather than "this request is wrong". */
const transientStatuses = [429, 502, 503, 504];

/** Whether an operation may be sent again after a transient failure. */
export function isRetrySafe(operation: OperationId, method: string): boolean {
  return method === "get" || idempotentPosts.includes(operation);
}

/** Whether a failure is worth retrying: the network, a timeout, or a transient status. */
export function isTransient(error: IntroPageError): boolean {
  return error.kind === "network" || error.kind === "timeout" || transientStatuses.includes(error.status ?? 0);
}

/**
 * The wait before retry number `retry` (1 for the first): the server's
 * `Retry-After` when it sent one, else exponential backoff with full jitter
 * (a uniform draw from [0, min(maxDelayMs, baseDelayMs · 2^(retry-1)))),
 * which spreads out clients that failed together.
 */
export function retryDelay(retry: number, error: IntroPageError, options: Required<RetryOptions>): number {
  if (error.retryAfter !== undefined) return error.retryAfter * 1000;
  return Math.random() * Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
}

/** Fills in the defaults; `false` means one attempt only. */
export function retryDefaults(retry: RetryOptions | false | undefined): Required<RetryOptions> {
  return { maxAttempts: 3, baseDelayMs: 300, maxDelayMs: 10_000, budgetMs: 30_000, ...(retry === false ? { maxAttempts: 1 } : retry) };
}
