/**
 * `setTimeout`, except that `run` waits for the event loop's poll phase once
 * the timer has fired. Node runs expired timers before it reads the sockets in
 * the same turn, so after a busy moment of this process (a burst of requests,
 * a garbage collection, the process descheduled) a plain timer decides before
 * the replies and messages that arrived meanwhile are read; here they are read
 * first and can settle what the timer was waiting for
 * (docs/decisions/0023-section-budgets-after-pending-io.md). The returned timer
 * can be cleared until it fires; after that, `run` checks for itself whether it
 * is still wanted.
 */
export function afterPendingIo(run: () => void, ms: number): ReturnType<typeof setTimeout> {
  return setTimeout(() => setImmediate(run), ms);
}
