import { createHash } from "node:crypto";
import type { ErrorRequestHandler, RequestHandler } from "express";
import { ipKeyGenerator, MemoryStore, type Options, type Store } from "express-rate-limit";
import { LRUCache } from "lru-cache";
import type { Principal } from "../../auth/principal.js";
import { AppError } from "../../errors/app-error.js";
import type { OpsMetrics, RateLimitBudget } from "../../ops/metrics/ops-metrics.js";

/** Options for {@link rateBudgets}. */
export interface RateLimitOptions {
  /** Length of one window (ms). */
  windowMs: number;
  /** Reads (GET, HEAD) allowed per subject per window. */
  readLimit: number;
  /** Writes (POST, PATCH, …) allowed per subject per window. */
  writeLimit: number;
  /** Makes the store for a budget; undefined keeps a per-process memory store. */
  storeFor?: (budget: RateLimitBudget) => Store | undefined;
  /** Counts refusals. */
  metrics?: OpsMetrics;
}

/** One counted request: the headers to send with its answer, and the 429 to answer instead when over budget. */
export interface RateVerdict {
  /** `RateLimit` and `RateLimit-Policy` (IETF draft-8), as name/value pairs. */
  headers: [string, string][];
  /** Set when the budget is spent: a 429 problem carrying `Retry-After`. */
  refused?: AppError;
}

const READ_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * One budget (read or write) of the per-subject rate limit. Counting is
 * express-rate-limit's: its `Store` interface, its memory store, or the
 * Redis-backed failover store (`ops/rate-limit/failover-store.ts`). This class
 * only turns a count into the IETF draft-8 headers, in the exact form
 * express-rate-limit's `standardHeaders: "draft-8"` writes them, and into the
 * 429. It exists so the widget's poll (`http/hot-page-reads.ts`) and every
 * other request are counted by one code path without the library
 * middleware's per-request cost (five awaits and a SHA-256 of the key for
 * the policy's partition key, which is remembered here per key).
 */
export class RateBudget {
  private readonly windowSeconds: number;
  private readonly policies = new LRUCache<string, string>({ max: 10_000 });

  constructor(
    readonly name: RateLimitBudget,
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly store: Store,
    private readonly metrics?: OpsMetrics,
  ) {
    this.windowSeconds = Math.ceil(windowMs / 1000);
    // The stores read only `windowMs` from the library's options.
    void store.init?.({ windowMs } as Options);
  }

  /** Counts one request under `key`. */
  async take(key: string): Promise<RateVerdict> {
    const { totalHits, resetTime } = await this.store.increment(key);
    const resetSeconds = resetTime ? Math.max(0, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : this.windowSeconds;
    const headers: [string, string][] = [
      ["RateLimit", `"${this.name}"; r=${Math.max(this.limit - totalHits, 0)}; t=${resetSeconds}`],
      ["RateLimit-Policy", this.policyFor(key)],
    ];
    if (totalHits <= this.limit) return { headers };
    this.metrics?.countRateLimited(this.name);
    const label = this.name === "read" ? "Read" : "Write";
    const refused = new AppError(429, `${label} limit of ${this.limit} requests per ${this.windowSeconds} s exceeded; retry in ${resetSeconds} s.`, {
      headers: { "Retry-After": String(resetSeconds) },
    });
    return { headers, refused };
  }

  private policyFor(key: string): string {
    let policy = this.policies.get(key);
    if (policy === undefined) {
      // The partition key: the first 12 hex digits of the key's SHA-256, base64 (so keys never appear in headers).
      const partition = Buffer.from(createHash("sha256").update(key).digest("hex").slice(0, 12)).toString("base64");
      policy = `"${this.name}"; q=${this.limit}; w=${this.windowSeconds}; pk=:${partition}:`;
      this.policies.set(key, policy);
    }
    return policy;
  }
}

/** The read and write budgets, each with its store. */
export function rateBudgets(options: RateLimitOptions): Record<RateLimitBudget, RateBudget> {
  const budget = (name: RateLimitBudget, limit: number) =>
    new RateBudget(name, limit, options.windowMs, options.storeFor?.(name) ?? new MemoryStore(), options.metrics);
  return { read: budget("read", options.readLimit), write: budget("write", options.writeLimit) };
}

/** The budget a request method spends. */
export const budgetFor = (method: string | undefined): RateLimitBudget => (READ_METHODS.has(method ?? "") ? "read" : "write");

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
export function rateLimits(budgets: Record<RateLimitBudget, RateBudget>): [RequestHandler, ErrorRequestHandler] {
  const limit: RequestHandler = (req, res, next) => {
    budgets[budgetFor(req.method)].take(rateLimitKey(req)).then((verdict) => {
      if (!res.headersSent) for (const [name, value] of verdict.headers) res.append(name, value);
      next(verdict.refused);
    }, next);
  };
  const limitRefusedAuthentication: ErrorRequestHandler = (err: unknown, req, res, next) => {
    if ((err as { status?: unknown } | null)?.status !== 401) return next(err);
    // Within budget: the 401 goes on; over budget: the limiter's 429 replaces it.
    return limit(req, res, (limitError?: unknown) => next(limitError ?? err));
  };
  return [limit, limitRefusedAuthentication];
}

/** The key a request is counted under: `sub:<subject>` or `ip:<address>` (IPv6 grouped by /56). */
export function rateLimitKey(req: { principal?: Principal | undefined; ip?: string | undefined; socket: { remoteAddress?: string | undefined } }): string {
  if (req.principal) return `sub:${req.principal.subject}`;
  return `ip:${ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? "unknown")}`;
}
