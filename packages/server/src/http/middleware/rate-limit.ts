import type { ErrorRequestHandler, Request, RequestHandler } from "express";
import { ipKeyGenerator, rateLimit, type Store } from "express-rate-limit";
import { AppError } from "../../errors/app-error.js";
import type { OpsMetrics, RateLimitBudget } from "../../ops/metrics/ops-metrics.js";

/** Options for {@link rateLimits}. */
export interface RateLimitOptions {
  /** Length of one window (ms). */
  windowMs: number;
  /** Reads (GET, HEAD) allowed per subject per window. */
  readLimit: number;
  /** Writes (POST, PATCH, …) allowed per subject per window. */
  writeLimit: number;
  /** Makes the store for a budget; undefined keeps express-rate-limit's per-process memory store. */
  storeFor?: (budget: RateLimitBudget) => Store | undefined;
  /** Counts refusals. */
  metrics?: OpsMetrics;
}

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Per-subject rate limits with separate read and write budgets. The subject
 * is the verified JWT `sub` (so one user behind a shared NAT does not starve
 * the others), or the client IP when the request carries no token. Responses
 * carry IETF draft-8 `RateLimit`/`RateLimit-Policy` headers naming the budget
 * (`"read"` or `"write"`); a refusal is a 429 problem with `Retry-After`.
 *
 * Mount right after authentication so `req.principal` is known. The second
 * handler is an error handler: requests authentication refused (401) are
 * counted too, by IP, so guessing tokens is limited like anything else.
 */
export function rateLimits(options: RateLimitOptions): [RequestHandler, ErrorRequestHandler] {
  const read = budgetLimiter("read", options.readLimit, options);
  const write = budgetLimiter("write", options.writeLimit, options);
  const limit: RequestHandler = (req, res, next) => (READ_METHODS.has(req.method) ? read(req, res, next) : write(req, res, next));
  const limitRefusedAuthentication: ErrorRequestHandler = (err: unknown, req, res, next) => {
    if ((err as { status?: unknown } | null)?.status !== 401) return next(err);
    // Within budget: the 401 goes on; over budget: the limiter's 429 replaces it.
    return limit(req, res, (limitError?: unknown) => next(limitError ?? err));
  };
  return [limit, limitRefusedAuthentication];
}

/** The key a request is counted under: `sub:<subject>` or `ip:<address>` (IPv6 grouped by /56). */
export function rateLimitKey(req: Request): string {
  if (req.principal) return `sub:${req.principal.subject}`;
  return `ip:${ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? "unknown")}`;
}

function budgetLimiter(budget: RateLimitBudget, limit: number, options: RateLimitOptions): RequestHandler {
  const windowSeconds = Math.ceil(options.windowMs / 1000);
  const store = options.storeFor?.(budget);
  return rateLimit({
    windowMs: options.windowMs,
    limit,
    identifier: budget,
    standardHeaders: "draft-8",
    legacyHeaders: false,
    keyGenerator: rateLimitKey,
    ...(store ? { store } : {}),
    // Our key generator already groups IPv6; the library's checks for it would only warn.
    validate: { keyGeneratorIpFallback: false },
    handler: (_req, res, next) => {
      options.metrics?.countRateLimited(budget);
      const retryAfter = res.getHeader("Retry-After") ?? windowSeconds;
      const label = budget === "read" ? "Read" : "Write";
      next(new AppError(429, `${label} limit of ${limit} requests per ${windowSeconds} s exceeded; retry in ${String(retryAfter)} s.`));
    },
  });
}
