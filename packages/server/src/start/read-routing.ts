import type { InvalidationBus } from "../cache/ports.js";
import type { ReadRouter } from "../data-access/read-replicas.js";

/**
 * The invalidation bus with read-your-writes bookkeeping: every user an
 * invalidation names — published by a write on this instance, or announced
 * by another instance — reads from the primary for a while (`noteWrite`).
 * Works without Redis too (`inner` undefined): then only local writes count.
 */
export function trackWritesOnBus(inner: InvalidationBus | undefined, router: Pick<ReadRouter, "noteWrite">): InvalidationBus {
  return {
    publish(selector) {
      if (selector.userId !== undefined) router.noteWrite(selector.userId);
      return inner ? inner.publish(selector) : Promise.resolve();
    },
    subscribe(handler) {
      return inner?.subscribe((selector) => {
        if (selector.userId !== undefined) router.noteWrite(selector.userId);
        handler(selector);
      });
    },
  };
}
