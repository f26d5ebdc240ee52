import { afterEach, describe, expect, it } from "vitest";
import { sectionKey } from "../cache/cache-keys.js";
import { SectionCache } from "../cache/section-cache.js";
import { Coordinator } from "./coordinator.js";
import { envelopeText } from "./section-envelope.js";
import type { SectionService, SectionServices } from "./sections/section-service.js";

/** A section whose loads the test resolves by hand, counting calls. */
function manualSection(name: SectionService["name"]) {
  const pending: Array<(data: unknown) => void> = [];
  const service: SectionService & { calls: number } = {
    name,
    calls: 0,
    load() {
      service.calls++;
      return new Promise((resolve) => pending.push(resolve));
    },
  };
  return { service, resolveNext: (data: unknown) => pending.shift()!(data) };
}

const ttls = { statistics: 60, actions: 60, activity: 60, personalization: 60, system: 60 };
const open: Array<{ close(): void }> = [];
afterEach(() => {
  for (const thing of open.splice(0)) thing.close();
});

function setup() {
  const actions = manualSection("actions");
  const quiet = (name: SectionService["name"]): SectionService => ({ name, load: async () => ({ name }) });
  const sections: SectionServices = {
    statistics: quiet("statistics"),
    actions: actions.service,
    activity: quiet("activity"),
    personalization: quiet("personalization"),
    system: quiet("system"),
  };
  const cache = new SectionCache({ ttls, staleTtlSeconds: 600, maxKeys: 1000, maxBytes: 2 ** 20 });
  const coordinator = new Coordinator({ sections, cache, timeoutMs: 5000, breaker: { errorThresholdPercentage: 50, volumeThreshold: 100, resetTimeoutMs: 1000 } });
  open.push(cache, coordinator);
  return { actions, cache, coordinator };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe("Coordinator", () => {
  it("when two reads miss the same key at once, then the section loads once and both get its result", async () => {
    const { actions, coordinator } = setup();
    const a = coordinator.section("demo", "actions");
    const b = coordinator.section("demo", "actions");
    await flush();
    expect(actions.service.calls).toBe(1);
    actions.resolveNext({ v: 1 });
    expect(envelopeText(await a)).toBe(envelopeText(await b));
  });

  it("when a write invalidates while a read is loading, then later reads do not join that load and the cache ends with the new data", async () => {
    const { actions, cache, coordinator } = setup();
    const before = coordinator.section("demo", "actions");
    await flush();
    await cache.invalidate({ userId: "demo", section: "actions" });
    const after = coordinator.section("demo", "actions");
    await flush();
    expect(actions.service.calls).toBe(2);
    actions.resolveNext({ v: "pre-write" });
    actions.resolveNext({ v: "post-write" });
    expect(envelopeText(await before)).toContain("pre-write");
    expect(envelopeText(await after)).toContain("post-write");
    expect(cache.peek(sectionKey("demo", "actions"))?.data).toBe('{"v":"post-write"}');
  });

  it("when the page is assembled, then its ETag ignores volatile meta and changes with section data", async () => {
    const { actions, cache, coordinator } = setup();
    const first = coordinator.page("demo", ["actions", "system"]);
    await flush();
    actions.resolveNext({ v: 1 });
    const firstPage = await first;
    const again = await coordinator.page("demo", ["actions", "system"]);
    expect(again.etag).toBe(firstPage.etag);
    expect(JSON.parse(firstPage.body.toString()).meta.cache).toBe("miss");
    expect(JSON.parse(again.body.toString()).meta.cache).toBe("hit");
    await cache.invalidate({ userId: "demo" });
    const changed = coordinator.page("demo", ["actions", "system"]);
    await flush();
    actions.resolveNext({ v: 2 });
    expect((await changed).etag).not.toBe(again.etag);
    expect(JSON.parse((await changed).body.toString()).meta.cache).toBe("partial");
  });

  it("when every section of a page is cached, then the assembled page is kept and served as is until a section changes", async () => {
    const { actions, cache, coordinator } = setup();
    const loading = coordinator.page("demo", ["actions", "system"]);
    await flush();
    actions.resolveNext({ v: 1 });
    await loading;
    expect(coordinator.cachedPage("demo", ["actions", "system"])).toBeUndefined();
    const assembled = await coordinator.page("demo", ["actions", "system"]);
    const kept = coordinator.cachedPage("demo", ["actions", "system"]);
    expect(kept?.body).toBe(assembled.body);
    expect(kept?.etag).toBe(assembled.etag);
    expect(coordinator.cachedPage("demo", ["actions"])).toBeUndefined();
    await cache.invalidate({ userId: "demo", section: "actions" });
    expect(coordinator.cachedPage("demo", ["actions", "system"])).toBeUndefined();
  });

  it("when another instance's invalidation drops a section locally, then the kept page is no longer served", async () => {
    const { cache, coordinator } = setup();
    await coordinator.page("demo", ["system"]);
    await coordinator.page("demo", ["system"]);
    expect(coordinator.cachedPage("demo", ["system"])).toBeDefined();
    cache.invalidateLocal({ section: "system" });
    expect(coordinator.cachedPage("demo", ["system"])).toBeUndefined();
  });
});
