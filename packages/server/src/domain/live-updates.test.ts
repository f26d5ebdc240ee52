import { afterEach, describe, expect, it } from "vitest";
import { blockEventLoop, threadPoolWork } from "../../test/support/event-loop.js";
import type { InvalidationSelector } from "../cache/cache-keys.js";
import { MemoryPageVersionLog } from "../cache/page-versions.js";
import { sectionNames, type SectionName } from "../vocabulary/section-names.js";
import { LiveUpdates, type LiveEvent } from "./live-updates.js";
import type { SectionResult } from "./section-envelope.js";

/** Sections whose ETag is their revision, bumped by the test as a write would change their data. */
function fakeSections() {
  const revisions = Object.fromEntries(sectionNames.map((name) => [name, 1])) as Record<SectionName, number>;
  const listeners = new Set<(selector: InvalidationSelector) => void>();
  return {
    revisions,
    /** Tells the live updates an invalidation was applied (as the section cache does). */
    invalidate: (selector: InvalidationSelector) => listeners.forEach((listener) => listener(selector)),
    sections: {
      section: async (_userId: string, name: SectionName) => ({ status: "ok", parts: [], etag: `W/"${name}-${revisions[name]}"`, fromCache: false }) as SectionResult,
    },
    invalidations: {
      onInvalidate(listener: (selector: InvalidationSelector) => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
  };
}

const live: LiveUpdates[] = [];
afterEach(() => live.splice(0).forEach((updates) => updates.close()));

/** A stream watching user `u`'s page through live updates with a 5 ms window, and the events it was told. */
async function watching() {
  const fake = fakeSections();
  const updates = new LiveUpdates({ sections: fake.sections, invalidations: fake.invalidations, versions: new MemoryPageVersionLog(10), coalesceMs: 5 });
  live.push(updates);
  const events: LiveEvent[] = [];
  const watch = await updates.watch("u", undefined, (event) => events.push(event));
  return { fake, events, watch };
}

describe("LiveUpdates", () => {
  it("when a write's invalidations arrive while the event loop is busy past the window, then they still make one event", async () => {
    const { fake, events, watch } = await watching();
    expect(watch.first?.event).toBe("sync");

    fake.revisions.actions++;
    fake.revisions.statistics++;
    fake.invalidate({ userId: "u", section: "actions" });
    // The write's second invalidation is delivered by the poll phase (as a Redis message is), and the loop is busy
    // for longer than the window: the window's timer is due before that message is read.
    void threadPoolWork().then(() => fake.invalidate({ userId: "u", section: "statistics" }));
    blockEventLoop(40);
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(events.map((event) => Object.keys(event.data.sections).sort())).toEqual([["actions", "statistics"]]);
    watch.stop();
  });

  it("when invalidations come further apart than the window, then each makes its own event", async () => {
    const { fake, events, watch } = await watching();
    fake.revisions.actions++;
    fake.invalidate({ userId: "u", section: "actions" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    fake.revisions.statistics++;
    fake.invalidate({ userId: "u", section: "statistics" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events.map((event) => Object.keys(event.data.sections))).toEqual([["actions"], ["statistics"]]);
    watch.stop();
  });
});
