import { expect, oneEvent } from "@open-wc/testing";
import { ItemActions } from "../../../src/controllers/item-actions.js";
import type { IntroPageActionEvent, IntroPageErrorEvent } from "../../../src/index.js";
import type { IntroPage } from "../../../src/page-model.js";
import { mountHost } from "../../support/controller-host.js";
import type { ControllerHost } from "../../support/controller-host.js";
import { createMockBackend } from "../../support/mock-backend.js";
import type { MockBackend } from "../../support/mock-backend.js";

/** A host showing demo's page, with item actions on it. */
async function setUp(): Promise<{ host: ControllerHost; actions: ItemActions; backend: MockBackend; page: IntroPage; confirmations: () => number }> {
  const backend = createMockBackend();
  const page = await backend.client.getIntroPage({ userId: "demo" });
  const host = await mountHost();
  let confirmations = 0;
  const actions = new ItemActions(host, { ...host.user, page: () => host.page, confirmed: () => (confirmations += 1), announce: host.announce, messages: host.messages });
  host.client = backend.client;
  host.userId = "demo";
  host.page = page;
  await host.updateComplete;
  return { host, actions, backend, page, confirmations: () => confirmations };
}

const ids = (actions: ItemActions) => actions.visibleItems.map((item) => item.id);
const actionRequests = (backend: MockBackend) => backend.log.filter((entry) => entry.path.includes("/actions/"));

describe("ItemActions", () => {
  it("when an item is completed, then it is hidden at once, and once the server confirms, then it is announced, reported and a refresh is asked for", async () => {
    const { host, actions, backend, page, confirmations } = await setUp();
    const item = page.sections.actions!.data!.items[0]!;
    const openBefore = actions.openCount;
    const release = backend.hold();
    const done = actions.run(item.id, "complete");
    expect(ids(actions)).not.to.include(item.id);
    expect(actions.openCount).to.equal(openBefore - 1);
    const confirmed = oneEvent(host, "intro-page-action") as Promise<IntroPageActionEvent>;
    release();
    const { detail } = await confirmed;
    await done;
    expect(detail).to.include({ userId: "demo", action: "complete" });
    expect(detail.outcome).to.include({ id: item.id, state: "completed" });
    expect(host.announced).to.deep.equal([`Completed “${item.title}”.`]);
    expect(confirmations()).to.equal(1);
    expect(ids(actions)).not.to.include(item.id);
  });

  it("when a complete fails, then the item is restored in place with a message, announced, and intro-page-error fires", async () => {
    const { host, actions, backend, page, confirmations } = await setUp();
    const before = ids(actions);
    const item = page.sections.actions!.data!.items[1]!;
    backend.mock.setScenario("server-error");
    const failed = oneEvent(host, "intro-page-error") as Promise<IntroPageErrorEvent>;
    const done = actions.run(item.id, "complete");
    expect(ids(actions)).not.to.include(item.id);
    const { detail } = await failed;
    await done;
    expect(detail).to.include({ userId: "demo", operation: "complete" });
    expect(detail.error.status).to.equal(500);
    expect(ids(actions)).to.deep.equal(before);
    expect(actions.message).to.equal(`Could not complete “${item.title}”. It is back in your list; please try again.`);
    expect(host.announced).to.deep.equal([actions.message]);
    expect(confirmations()).to.equal(0);
  });

  it("when an action is asked for again while the first is in flight, then only one request is sent", async () => {
    const { actions, backend, page } = await setUp();
    const item = page.sections.actions!.data!.items[0]!;
    const release = backend.hold();
    const first = actions.run(item.id, "complete");
    const second = actions.run(item.id, "dismiss");
    release();
    await Promise.all([first, second]);
    expect(actionRequests(backend).map((entry) => entry.method + " " + entry.path.split("/").at(-1))).to.deep.equal(["POST complete"]);
  });

  it("when the user-id changes while an action is in flight, then its outcome is ignored and nothing stays hidden", async () => {
    const { host, actions, backend, page, confirmations } = await setUp();
    const item = page.sections.actions!.data!.items[0]!;
    let reported = 0;
    host.addEventListener("intro-page-action", () => (reported += 1));
    const release = backend.hold();
    const done = actions.run(item.id, "dismiss");
    host.client = backend.clientAs("admin", ["admin"]);
    host.userId = "alice";
    await host.updateComplete;
    expect(ids(actions)).to.include(item.id);
    release();
    await done;
    expect({ reported, confirmations: confirmations(), announced: host.announced, message: actions.message }).to.deep.equal({
      reported: 0,
      confirmations: 0,
      announced: [],
      message: "",
    });
  });

  it("when a page without a confirmed item arrived, then the removal is forgotten, so the item shows if it comes back", async () => {
    const { host, actions, page } = await setUp();
    const item = page.sections.actions!.data!.items[0]!;
    await actions.run(item.id, "complete");
    // A page still listing the item (e.g. an older cached answer) keeps it hidden.
    host.page = structuredClone(page);
    await host.updateComplete;
    expect(ids(actions)).not.to.include(item.id);
    const without = structuredClone(page);
    without.sections.actions!.data!.items = without.sections.actions!.data!.items.filter((candidate) => candidate.id !== item.id);
    host.page = without;
    await host.updateComplete;
    host.page = structuredClone(page);
    await host.updateComplete;
    expect(ids(actions)).to.include(item.id);
  });
});
