import { afterPendingIo } from "./after-pending-io.js";

/** The error a section load that ran out of its budget rejects with (the code opossum's own timeout uses). */
export class SectionTimeoutError extends Error {
  declare readonly code: "ETIMEDOUT";

  constructor(budgetMs: number) {
    // Without a stack: it would only name the timer that fired, and capturing one per timeout took 4–10% of the
    // JavaScript thread of a server whose budgets were running out under load (docs/performance.md, "Fifth round").
    const frames = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(`Timed out after ${budgetMs} ms`);
    Error.stackTraceLimit = frames;
    this.name = "SectionTimeoutError";
    this.code = "ETIMEDOUT";
  }
}

/**
 * `work`, or a `SectionTimeoutError` when it has not settled `budgetMs` after
 * it started. The verdict waits for the I/O that arrived meanwhile
 * (`afterPendingIo`), so a database reply that came back within the budget — but
 * sat unread while this process was busy (a burst of requests, a garbage
 * collection) — still counts as in time. A late timer only says that our own
 * event loop was behind; blaming the section for it would count a timeout
 * against a dependency that answered, and a burst of such timeouts opens the
 * section's circuit and serves every page degraded for the breaker's reset
 * time (docs/decisions/0023-section-budgets-after-pending-io.md).
 */
export function withinBudget<T>(work: Promise<T>, budgetMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    /** The first verdict wins: the work's answer, or the budget's timeout. */
    const settle = (verdict: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      verdict();
    };
    const timer = afterPendingIo(() => settle(() => reject(new SectionTimeoutError(budgetMs))), budgetMs);
    work.then(
      (value) => settle(() => resolve(value)),
      (err: unknown) => settle(() => reject(err)),
    );
  });
}
