import { describe, expect, it, vi } from "vitest";
import { LiveActivity } from "./demo-live-activity.js";

type Batch = Parameters<ConstructorParameters<typeof LiveActivity>[0]["writes"]["ingestEvents"]>[0];

function recording() {
  const batches: Batch[] = [];
  const writes = { ingestEvents: async (batch: Batch) => (batches.push(batch), { accepted: batch.events.length, duplicates: 0 }) };
  return { batches, writes };
}

describe("the demo's live-activity switch", () => {
  it("when it is left on past its longest run, then it turns itself off and writes nothing more", async () => {
    const { batches, writes } = recording();
    const live = new LiveActivity({ writes, logger: { warn: () => undefined }, intervalMs: 20, maxRunMs: 300 });
    expect((await live.start("alice")).enabled).toBe(true);
    await vi.waitFor(() => expect(live.state().enabled).toBe(false), { timeout: 5_000, interval: 20 });
    const written = batches.length;
    expect(written).toBeGreaterThan(1);
    // Nothing more may come: a window of ten intervals.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(batches.length).toBe(written);
  });

  it("when it posts, then each event is a valid activity for the user, by another demo user, with its own eventId", async () => {
    const { batches, writes } = recording();
    const live = new LiveActivity({ writes, logger: { warn: () => undefined }, intervalMs: 10, maxRunMs: 60_000 });
    await live.start("bob");
    await vi.waitFor(() => expect(batches.length).toBeGreaterThanOrEqual(5), { timeout: 5_000, interval: 10 });
    await live.close();
    const events = batches.flatMap((batch) => batch.events);
    for (const event of events) {
      expect(event).toMatchObject({ type: "activity", userId: "bob" });
      if (event.type !== "activity") continue;
      expect(event.actor.id).not.toBe("bob");
      expect(event.verb).toMatch(/^[a-z][a-z_]{0,31}$/);
      expect(event.eventId).toMatch(/^[A-Za-z0-9_.:-]{1,128}$/);
    }
    expect(new Set(events.map((event) => event.eventId)).size).toBe(events.length);
  });

  it("when a write fails, then it is logged and the next interval tries again", async () => {
    let calls = 0;
    const warnings: unknown[] = [];
    const writes = {
      ingestEvents: async () => {
        calls++;
        if (calls === 1) throw new Error("database busy");
        return { accepted: 1, duplicates: 0 };
      },
    };
    const live = new LiveActivity({ writes, logger: { warn: (entry: unknown) => void warnings.push(entry) }, intervalMs: 10, maxRunMs: 60_000 });
    await live.start("carol");
    await vi.waitFor(() => expect(calls).toBeGreaterThanOrEqual(2), { timeout: 5_000, interval: 10 });
    await live.close();
    expect(warnings.length).toBe(1);
  });
});
