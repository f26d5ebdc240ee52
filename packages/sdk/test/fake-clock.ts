/** Test support for code that waits on timers while MSW answers requests. */
import { vi } from "vitest";

/** Fakes setTimeout/clearTimeout/Date only, from a fixed instant; MSW keeps its real macrotasks. */
export function useFakeClock(): void {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  vi.setSystemTime(new Date("2026-11-25T10:00:00.000Z"));
}

/** Lets pending I/O (MSW's real macrotasks) run, without moving the fake clock. */
export async function flushIo(until: () => boolean = () => false): Promise<void> {
  for (let i = 0; i < 50 && !until(); i++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Runs a call to completion under fake timers. MSW answers through real
 * macrotasks, so let those run before moving the clock to the next timer;
 * jumping while a request is in flight would fire its timeout instead.
 */
export async function settle<T>(call: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  let done = false;
  const outcome = call
    .then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    )
    .finally(() => (done = true));
  while (!done) {
    await flushIo(() => done);
    if (!done) await vi.advanceTimersToNextTimerAsync();
  }
  return outcome;
}
