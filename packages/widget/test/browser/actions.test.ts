import { expect, oneEvent, waitUntil } from "@open-wc/testing";
import type { IntroPageActionEvent, IntroPageErrorEvent } from "../../src/index.js";
import { mountWidget, part, parts, settled } from "../support/widget.js";

const itemIds = (el: Parameters<typeof parts>[0]) => parts(el, "action-item").map((item) => item.dataset.id);

describe("<intro-page> actions", () => {
  it("when an item is completed, then it disappears at once and intro-page-action reports the server's outcome", async () => {
    const { el, backend } = await mountWidget();
    const [first] = parts(el, "action-item");
    const id = first!.dataset.id!;
    const title = first!.querySelector(".title")!.textContent!.trim();
    const release = backend.hold();
    first!.querySelector<HTMLButtonElement>('[part~="complete-button"]')!.click();
    await settled(el);
    expect(itemIds(el)).not.to.include(id);
    const event = oneEvent(document, "intro-page-action") as Promise<IntroPageActionEvent>;
    release();
    const { detail, bubbles, composed } = await event;
    expect({ bubbles, composed }).to.deep.equal({ bubbles: true, composed: true });
    expect(detail.userId).to.equal("demo");
    expect(detail.action).to.equal("complete");
    expect(detail.item.id).to.equal(id);
    expect(detail.item.title).to.equal(title);
    expect(detail.outcome).to.include({ id, state: "completed" });
  });

  it("when dismissing fails, then the item comes back in place with a message and intro-page-error fires", async () => {
    const { el, backend } = await mountWidget();
    const before = itemIds(el);
    const target = parts(el, "action-item")[1]!;
    const id = target.dataset.id;
    backend.mock.setScenario("server-error");
    const release = backend.hold();
    target.querySelector<HTMLButtonElement>('[part~="dismiss-button"]')!.click();
    await settled(el);
    expect(itemIds(el)).not.to.include(id);
    const failed = oneEvent(el, "intro-page-error") as Promise<IntroPageErrorEvent>;
    release();
    const { detail } = await failed;
    expect(detail.operation).to.equal("dismiss");
    expect(detail.error.status).to.equal(500);
    await waitUntil(() => itemIds(el).length === before.length, "item was not restored");
    expect(itemIds(el)).to.deep.equal(before);
    expect(part(el, "action-message")!.textContent).to.match(/Could not dismiss/);
    const live = el.shadowRoot!.querySelector('[aria-live="polite"]')!;
    await waitUntil(() => /Could not dismiss/.test(live.textContent ?? ""), "rollback was not announced");
  });

  it("when more activity is requested, then the next page is appended after the first", async () => {
    const { el } = await mountWidget();
    const firstPage = parts(el, "activity-item").length;
    part(el, "load-more-button")!.click();
    await waitUntil(() => parts(el, "activity-item").length > firstPage, "no more activity was appended");
    const texts = parts(el, "activity-item").map((item) => item.textContent);
    expect(new Set(texts).size).to.equal(texts.length);
  });

  it("when the page loads, then intro-page-load bubbles out with the user and the page", async () => {
    const loaded = oneEvent(document, "intro-page-load");
    const { el } = await mountWidget();
    const { detail } = await loaded;
    expect(detail.userId).to.equal("demo");
    expect(detail.initial).to.equal(true);
    expect(detail.page.sections.actions?.data?.items.length).to.equal(parts(el, "action-item").length);
  });

  it("when loading fails, then intro-page-error carries the operation and the SDK's typed error", async () => {
    const failed = oneEvent(document, "intro-page-error");
    await mountWidget({ scenario: "server-error", until: "error" });
    const { detail } = await failed;
    expect(detail.operation).to.equal("load");
    expect(detail.error.kind).to.equal("http");
    expect(detail.error.status).to.equal(500);
    expect(detail.error.problem?.status).to.equal(500);
  });
});
