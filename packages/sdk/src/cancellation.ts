import { IntroPageError } from "./errors.js";

const aborted = (signal: AbortSignal) =>
  new IntroPageError("aborted", "The call was aborted", { cause: signal.reason });

/**
 * Runs `task` with a signal that fires when the caller's `signal` does or after
 * `timeoutMs`. Rejects the moment either happens, even if the task ignores its
 * signal (a slow token provider, a custom fetch), and always clears its timer
 * and listener so nothing outlives the call.
 */
export async function withTimeout<T>(
  timeoutMs: number,
  signal: AbortSignal | undefined,
  task: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  if (signal?.aborted) throw aborted(signal);
  const controller = new AbortController();
  let stop!: (error: IntroPageError) => void;
  const stopped = new Promise<never>((_, reject) => {
    stop = (error) => {
      // Reject first so the race settles with our error, not the task's AbortError.
      reject(error);
      controller.abort(error);
    };
  });
  const onAbort = () => stop(aborted(signal!));
  const timer = setTimeout(
    () => stop(new IntroPageError("timeout", `No response within ${timeoutMs} ms`)),
    timeoutMs,
  );
  signal?.addEventListener("abort", onAbort);
  try {
    return await Promise.race([task(controller.signal), stopped]);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}

/** Waits `ms`, or rejects with an `aborted` error as soon as `signal` fires; leaves no timer behind. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error?: IntroPageError) => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", cancel);
      error ? reject(error) : resolve();
    };
    const cancel = () => settle(aborted(signal!));
    const timer = setTimeout(settle, ms);
    if (signal?.aborted) cancel();
    else signal?.addEventListener("abort", cancel);
  });
}
