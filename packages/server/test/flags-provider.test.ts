import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, startHarness, type Harness } from "./support/harness.js";

/** A second OpenFeature provider swapped in by configuration, with no code change. */
describe("feature flags from another OpenFeature provider", () => {
  describe("FLAG_PROVIDER=memory (OpenFeature's InMemoryProvider)", () => {
    let h: Harness;
    const memoryFlags = {
      "section.system": { variants: { on: true, off: false }, defaultVariant: "off", disabled: false },
      "actions.ordering": { variants: { "priority-first": "priority-first", "due-first": "due-first" }, defaultVariant: "due-first", disabled: false },
    };

    beforeAll(async () => {
      h = await startHarness({ FLAG_PROVIDER: "memory", FLAG_MEMORY_FLAGS: JSON.stringify(memoryFlags) });
    });
    afterAll(async () => {
      await h?.close();
    });

    it("when the in-memory configuration turns system off and picks due-first, then pages follow it and the built-in table is not consulted", async () => {
      const page = await h.call("GET", "/api/v1/intro-page/demo", { as: as.user("demo") });
      expect(page.status).toBe(200);
      expect(Object.keys(page.body.sections)).toEqual(["personalization", "actions", "statistics", "activity"]);
      const due = page.body.sections.actions.data.items.map((item: { dueAt?: string }) => (item.dueAt ? Date.parse(item.dueAt) : Number.POSITIVE_INFINITY));
      expect(due).toEqual([...due].sort((x: number, y: number) => x - y));
      const flags = await h.call("GET", "/api/v1/flags", { as: as.admin() });
      expect(flags.body.provider).toBe("memory");
      // The table still says "on": the page shows what the configured provider decided.
      expect(flags.body.flags.find((flag: { key: string }) => flag.key === "section.system").enabled).toBe(true);
    });

    it("when an admin tries to change a flag in the built-in table, then 409 names the provider in charge", async () => {
      const current = await h.call("GET", "/api/v1/flags/section.system", { as: as.admin() });
      const reply = await h.call("PATCH", "/api/v1/flags/section.system", {
        as: as.admin(),
        body: { enabled: false },
        contentType: "application/merge-patch+json",
        headers: { "if-match": current.headers.get("etag")! },
      });
      expect(reply.status).toBe(409);
      expect(reply.body.detail).toContain('"memory"');
    });
  });

  describe("FLAG_PROVIDER=<module path>", () => {
    let h: Harness;
    let dir: string;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "intro-page-flags-"));
      // A provider written against the OpenFeature Provider interface alone: every section off except actions.
      const source = `export default function createProvider() {
  const resolve = (flagKey, defaultValue) => Promise.resolve(
    flagKey.startsWith("section.") ? { value: flagKey === "section.actions", variant: "module", reason: "STATIC" } : { value: defaultValue, reason: "DEFAULT" });
  return { metadata: { name: "test-module" }, runsOn: "server", hooks: [],
    resolveBooleanEvaluation: resolve, resolveStringEvaluation: resolve, resolveNumberEvaluation: resolve, resolveObjectEvaluation: resolve };
}
`;
      await writeFile(join(dir, "provider.mjs"), source);
      h = await startHarness({ FLAG_PROVIDER: join(dir, "provider.mjs") });
    });
    afterAll(async () => {
      await h?.close();
      await rm(dir, { recursive: true, force: true });
    });

    it("when the module's provider serves every section off but actions, then the page has only actions", async () => {
      const page = await h.call("GET", "/api/v1/intro-page/demo", { as: as.user("demo") });
      expect(Object.keys(page.body.sections)).toEqual(["actions"]);
      expect((await h.call("GET", "/api/v1/flags", { as: as.admin() })).body.provider).toBe("test-module");
    });
  });
});
