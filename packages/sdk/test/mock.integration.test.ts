// The SDK against @intro-page/mock's handlers (issue 4: "the SDK's tests run
// against these handlers once both exist"): the real client, real MSW, the
// mock's own auth, ETags, state and scenarios.
import { createMockToken } from "@intro-page/mock";
import { setupIntroPageMockServer } from "@intro-page/mock/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createIntroPageClient, IntroPageError, isNotModified, watchIntroPage } from "../src/index.js";
import type { IntroPage } from "../src/index.js";

const baseUrl = "http://intro-page.test";
const { server, mock } = setupIntroPageMockServer();
beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => mock.reset());
afterAll(() => server.close());

const demoToken = () => createMockToken({ sub: "demo" });
const demo = () => createIntroPageClient({ baseUrl, tokenProvider: demoToken });

describe("SDK against @intro-page/mock", () => {
  it("when the demo user reads their page, then every section arrives typed and ok", async () => {
    const page = await demo().getIntroPage({ userId: "demo" });

    expect(page.userId).toBe("demo");
    expect(Object.keys(page.sections).sort()).toEqual(["actions", "activity", "personalization", "statistics", "system"]);
    expect(page.sections.personalization?.data?.displayName).toBe("Dana Demo");
  });

  it("when an admin switches a section's flag off with the flag's ETag, then pages leave it out; a second change with the same ETag fails with 412", async () => {
    const ops = createIntroPageClient({ baseUrl, tokenProvider: () => createMockToken({ sub: "ops", roles: ["admin"] }) });
    const flag = await ops.getFlag({ flagKey: "section.system" });
    const ifMatch = { "If-Match": `"${flag.version}"` };

    const changed = await ops.updateFlag({ flagKey: "section.system", body: { enabled: false } }, { headers: ifMatch });
    const stale = await ops.updateFlag({ flagKey: "section.system", body: { enabled: true } }, { headers: ifMatch }).catch((error: unknown) => error);
    const page = await demo().getIntroPage({ userId: "demo" });

    expect(changed.version).toBe(flag.version + 1);
    expect(stale).toBeInstanceOf(IntroPageError);
    expect((stale as IntroPageError).status).toBe(412);
    expect((stale as IntroPageError).problem?.type).toBe("https://intro-page.dev/problems/precondition-failed");
    expect(Object.keys(page.sections)).not.toContain("system");
    expect((await ops.getFlagAudit({ flagKey: "section.system" })).items[0]?.to.enabled).toBe(false);
  });

  it("when a subset of sections is asked for, then only those arrive", async () => {
    const page = await demo().getIntroPage({ userId: "demo", sections: ["actions", "system"] });

    expect(Object.keys(page.sections).sort()).toEqual(["actions", "system"]);
  });

  it("when the page is read twice, then the second read is a 304 replay of the same content", async () => {
    const client = demo();

    const first = await client.getIntroPage({ userId: "demo" });
    const second = await client.getIntroPage({ userId: "demo" });

    expect(isNotModified(first)).toBe(false);
    expect(isNotModified(second)).toBe(true);
    expect(second.sections).toEqual(first.sections);
  });

  it("when an item is completed, then the next read of the page is fresh and no longer lists it", async () => {
    const client = demo();
    const before = await client.getIntroPage({ userId: "demo", sections: ["actions"] });
    const item = before.sections.actions!.data!.items[0]!;

    const outcome = await client.completeAction({ userId: "demo", itemId: item.id });
    const after = await client.getIntroPage({ userId: "demo", sections: ["actions"] });

    expect(outcome).toMatchObject({ id: item.id, state: "completed" });
    expect(isNotModified(after)).toBe(false);
    expect(after.sections.actions!.data!.items.map((i) => i.id)).not.toContain(item.id);
  });

  it("when activity is paged with nextCursor, then pages do not overlap", async () => {
    const client = demo();

    const first = await client.getActivity({ userId: "demo", limit: 5 });
    const cursor = first.data!.nextCursor!;
    const second = await client.getActivity({ userId: "demo", limit: 5, cursor });

    expect(first.data!.items).toHaveLength(5);
    const firstIds = new Set(first.data!.items.map((i) => i.id));
    expect(second.data!.items.some((i) => firstIds.has(i.id))).toBe(false);
  });

  it("when preferences are patched, then the updated personalization comes back", async () => {
    const personalization = await demo().updatePreferences({ userId: "demo", body: { locale: "de-DE" } });

    expect(personalization.data?.locale).toBe("de-DE");
  });

  it("when a user reads another user's page, then the error is a typed 403 problem with a request id", async () => {
    const error = await demo()
      .getIntroPage({ userId: "alice" })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IntroPageError);
    const { kind, status, problem, requestId } = error as IntroPageError;
    expect({ kind, status, problemStatus: problem?.status }).toEqual({ kind: "http", status: 403, problemStatus: 403 });
    expect(requestId).toEqual(expect.any(String));
  });

  it("when the first token has expired, then the client refreshes it once and succeeds", async () => {
    const provider = vi
      .fn<() => string>()
      .mockReturnValueOnce(createMockToken({ sub: "demo", exp: 1_000_000 }))
      .mockReturnValue(demoToken());

    const page = await createIntroPageClient({ baseUrl, tokenProvider: provider }).getIntroPage({ userId: "demo" });

    expect(page.userId).toBe("demo");
    expect(provider).toHaveBeenCalledTimes(2);
  });

  it("when the service role posts events, then the result counts them", async () => {
    const service = createIntroPageClient({ baseUrl, token: createMockToken({ sub: "backend", roles: ["service"] }) });

    const result = await service.postEvents({
      body: {
        events: [
          {
            type: "activity",
            eventId: "evt-sdk-1",
            userId: "demo",
            actor: { id: "u1", name: "Una" },
            verb: "commented",
            object: { type: "doc", id: "d1", title: "Plan" },
            occurredAt: "2026-11-25T09:00:00.000Z",
          },
        ],
      },
    });

    expect(result).toEqual({ accepted: 1, duplicates: 0 });
  });

  it("when the mock is rate-limited, then the error carries the 429 and its Retry-After", async () => {
    mock.setScenario("rate-limited");

    const error = await demo()
      .getIntroPage({ userId: "demo" })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ kind: "http", status: 429, retryAfter: expect.any(Number) });
  });

  it("when the mock is offline, then the error is kind network", async () => {
    mock.setScenario("offline");

    const error = await createIntroPageClient({ baseUrl, token: demoToken(), retry: false })
      .getIntroPage({ userId: "demo" })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ kind: "network" });
  });

  it("when watched, then onData gets the page once and later unchanged polls stay silent", async () => {
    const pages: IntroPage[] = [];
    const watcher = watchIntroPage(demo(), "demo", { intervalMs: 0, onData: (page) => pages.push(page) });

    await vi.waitFor(() => expect(pages).toHaveLength(1));
    await watcher.refresh();
    await watcher.refresh();
    watcher.stop();

    expect(pages).toHaveLength(1);
  });
});
