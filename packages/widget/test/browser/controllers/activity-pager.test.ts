import { expect, oneEvent } from "@open-wc/testing";
import { ActivityPager } from "../../../src/controllers/activity-pager.js";
import type { IntroPageErrorEvent } from "../../../src/index.js";
import type { IntroPage } from "../../../src/page-model.js";
import { mountHost } from "../../support/controller-host.js";
import type { ControllerHost } from "../../support/controller-host.js";
import { createMockBackend } from "../../support/mock-backend.js";
import type { MockBackend } from "../../support/mock-backend.js";

/** A host showing demo's page, with an activity pager on it. */
async function setUp(): Promise<{ host: ControllerHost; pager: ActivityPager; backend: MockBackend; page: IntroPage }> {
  const backend = createMockBackend();
  const page = await backend.client.getIntroPage({ userId: "demo" });
  const host = await mountHost();
  const pager = new ActivityPager(host, { ...host.user, page: () => host.page, announce: host.announce, messages: host.messages });
  host.client = backend.client;
  host.userId = "demo";
  host.page = page;
  await host.updateComplete;
  return { host, pager, backend, page };
}

const firstPageIds = (page: IntroPage) => page.sections.activity!.data!.items.map((item) => item.id);

describe("ActivityPager", () => {
  it("when more is loaded, then the older page is appended after the first without repeats, and announced", async () => {
    const { host, pager, page } = await setUp();
    expect(pager.hasMore).to.equal(true);
    const done = pager.loadMore();
    expect(pager.loading).to.equal(true);
    await done;
    expect(pager.loading).to.equal(false);
    const shown = pager.items.map((item) => item.id);
    expect(shown.slice(0, firstPageIds(page).length)).to.deep.equal(firstPageIds(page));
    expect(shown.length).to.be.greaterThan(firstPageIds(page).length);
    expect(new Set(shown).size).to.equal(shown.length);
    const added = shown.length - firstPageIds(page).length;
    expect(host.announced).to.deep.equal([added === 1 ? "Loaded 1 more activity entry." : `Loaded ${added} more activity entries.`]);
  });

  it("when loading more fails, then the items stay, a message says so and intro-page-error fires with operation loadMoreActivity", async () => {
    const { host, pager, backend, page } = await setUp();
    backend.mock.setScenario("server-error");
    const failed = oneEvent(host, "intro-page-error") as Promise<IntroPageErrorEvent>;
    const done = pager.loadMore();
    const { detail } = await failed;
    await done;
    expect(detail).to.include({ userId: "demo", operation: "loadMoreActivity" });
    expect(pager.items.map((item) => item.id)).to.deep.equal(firstPageIds(page));
    expect(pager.message).to.equal("Could not load more activity. Please try again.");
    expect(pager.loading).to.equal(false);
  });

  it("when the user-id changes, then the older pages are dropped and an answer still in flight is ignored", async () => {
    const { host, pager, backend, page } = await setUp();
    await pager.loadMore();
    const release = backend.hold();
    const inFlight = pager.loadMore();
    host.client = backend.clientAs("admin", ["admin"]);
    host.userId = "alice";
    await host.updateComplete;
    expect(pager.loading).to.equal(false);
    expect(pager.items.map((item) => item.id)).to.deep.equal(firstPageIds(page));
    release();
    await inFlight;
    expect(pager.items.map((item) => item.id)).to.deep.equal(firstPageIds(page));
    expect(host.announced).to.have.length(1);
  });
});
