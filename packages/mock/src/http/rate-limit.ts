// IETF draft-8 `RateLimit` / `RateLimit-Policy` headers. The mock counts
// requests per subject and policy to report a realistic remaining quota but
// never refuses on its own: choose the `rate-limited` scenario to get 429s.

import type { RateLimitBudget } from "../generated/contract.js";

const policies: Record<RateLimitBudget, { quota: number; windowSeconds: number }> = {
  read: { quota: 120, windowSeconds: 60 },
  write: { quota: 60, windowSeconds: 60 },
};

/** Seconds a `rate-limited` response asks the client to wait. */
export const retryAfterSeconds = 30;

/** Counts requests per subject and policy in fixed windows. */
export class RateLimitMeter {
  private readonly windows = new Map<string, { startMs: number; used: number }>();

  /** Counts one request and returns the headers announcing what is left. */
  consume(subject: string, policyName: RateLimitBudget, nowMs: number): Record<string, string> {
    const policy = policies[policyName];
    const key = `${policyName}:${subject}`;
    const windowMs = policy.windowSeconds * 1000;
    let window = this.windows.get(key);
    if (!window || nowMs - window.startMs >= windowMs) {
      window = { startMs: nowMs, used: 0 };
      this.windows.set(key, window);
    }
    window.used += 1;
    const resetSeconds = Math.max(0, Math.ceil((window.startMs + windowMs - nowMs) / 1000));
    return {
      RateLimit: `"${policyName}";r=${Math.max(0, policy.quota - window.used)};t=${resetSeconds}`,
      "RateLimit-Policy": `"${policyName}";q=${policy.quota};w=${policy.windowSeconds}`,
    };
  }

  /** The headers of a refused request: nothing left, retry after {@link retryAfterSeconds}. */
  exhausted(policyName: RateLimitBudget): Record<string, string> {
    const policy = policies[policyName];
    return {
      "Retry-After": String(retryAfterSeconds),
      RateLimit: `"${policyName}";r=0;t=${retryAfterSeconds}`,
      "RateLimit-Policy": `"${policyName}";q=${policy.quota};w=${policy.windowSeconds}`,
    };
  }

  /** Forgets every count. */
  clear(): void {
    this.windows.clear();
  }

  /** The detail of a 429 problem for this policy. */
  static refusalDetail(policyName: RateLimitBudget): string {
    const policy = policies[policyName];
    return `${policyName === "read" ? "Read" : "Write"} limit of ${policy.quota} requests per ${policy.windowSeconds} s exceeded; retry in ${retryAfterSeconds} s.`;
  }
}
