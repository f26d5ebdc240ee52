import CircuitBreaker from "opossum";
import { describe, expect, it } from "vitest";
import { blockEventLoop, threadPoolWork } from "../../test/support/event-loop.js";
import { SectionTimeoutError, withinBudget } from "./section-budget.js";

describe("withinBudget", () => {
  it("counts an answer that arrived within the budget while the event loop was busy as in time", async () => {
    const answer = withinBudget(threadPoolWork(), 30);
    blockEventLoop(120);
    await expect(answer).resolves.toBe("answer");
  });

  it("is what a plain timer gets wrong: opossum's own timeout blames the same answer", async () => {
    const breaker = new CircuitBreaker(threadPoolWork, { timeout: 30, rollingPercentilesEnabled: false });
    const answer = breaker.fire();
    blockEventLoop(120);
    await expect(answer).rejects.toMatchObject({ code: "ETIMEDOUT" });
    breaker.shutdown();
  });

  it("times out work that has not answered when the budget is spent", async () => {
    const started = performance.now();
    const slow = new Promise((resolve) => setTimeout(resolve, 400, "late"));
    const error = await withinBudget(slow, 40).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(SectionTimeoutError);
    expect(error).toMatchObject({ code: "ETIMEDOUT", message: "Timed out after 40 ms" });
    // No stack frames are captured (they would only name the timer): a timeout is cheap to make under load.
    expect((error as Error).stack).toBe("SectionTimeoutError: Timed out after 40 ms");
    expect(performance.now() - started).toBeLessThan(400);
  });

  it("passes the work's own failure through, and its value when in time", async () => {
    const failure = new Error("connection refused");
    await expect(withinBudget(Promise.reject(failure), 1000)).rejects.toBe(failure);
    await expect(withinBudget(Promise.resolve(42), 1000)).resolves.toBe(42);
  });
});
