import { expect, waitUntil } from "@open-wc/testing";
import { sendKeys } from "@web/test-runner-commands";
import { deepActiveElement, mountWidget, parts, sectionElements, settled } from "../support/widget.js";

/** Every control a keyboard user should reach with Tab, in the order they appear on screen (one row of the action list). */
function expectedControls(el: Parameters<typeof sectionElements>[0]): Element[] {
  return sectionElements(el).flatMap((s) => [...s.shadowRoot!.querySelectorAll<HTMLElement>("a[href], button")].filter((node) => node.tabIndex >= 0));
}

/** Presses Tab until focus leaves the widget, returning what got focus inside it. */
async function tabThrough(el: HTMLElement, limit = 200): Promise<Element[]> {
  const visited: Element[] = [];
  for (let i = 0; i < limit; i++) {
    await sendKeys({ press: "Tab" });
    if (!el.contains(document.activeElement)) break;
    visited.push(deepActiveElement()!);
  }
  return visited;
}

describe("<intro-page> keyboard", () => {
  it("when tabbing from the start of the page, then every control is reached once, in reading order", async () => {
    const { el } = await mountWidget();
    (document.activeElement as HTMLElement | null)?.blur();
    const visited = await tabThrough(el);
    const expected = expectedControls(el);
    expect(expected.length).to.be.greaterThan(10);
    expect(visited).to.deep.equal(expected);
  });

  it("when tabbing through the action list, then it is one stop of at most three controls, not every item's (issue 13, defect 5)", async () => {
    const { el } = await mountWidget();
    expect(parts(el, "action-item").length).to.be.greaterThan(3);
    (document.activeElement as HTMLElement | null)?.blur();
    const visited = await tabThrough(el);
    const inList = visited.filter((node) => node.closest("li")?.part.contains("action-item"));
    expect(inList.length).to.be.within(2, 3);
    expect(new Set(inList.map((node) => node.closest("li")))).to.have.property("size", 1);
  });

  it("when the arrow keys are pressed in the action list, then focus moves to the same control of the next and previous item", async () => {
    const { el } = await mountWidget();
    const [first, second] = parts(el, "action-item");
    first!.querySelector<HTMLButtonElement>('[part~="dismiss-button"]')!.focus();
    await sendKeys({ press: "ArrowDown" });
    await settled(el);
    let focused = deepActiveElement() as HTMLElement;
    expect(focused.part.contains("dismiss-button")).to.equal(true);
    expect(focused.closest("li")).to.equal(second);
    expect(focused.tabIndex).to.equal(0);
    expect(first!.querySelector<HTMLButtonElement>('[part~="dismiss-button"]')!.tabIndex).to.equal(-1);
    await sendKeys({ press: "ArrowUp" });
    await settled(el);
    focused = deepActiveElement() as HTMLElement;
    expect(focused.closest("li")).to.equal(first);
  });

  it("when completing an item fails, then the item comes back and focus returns to its own Complete button (issue 13, defect 5)", async () => {
    const { el, backend } = await mountWidget();
    const [first] = parts(el, "action-item");
    const id = first!.dataset.id;
    first!.querySelector<HTMLButtonElement>('[part~="complete-button"]')!.focus();
    backend.mock.setScenario("server-error");
    await sendKeys({ press: "Enter" });
    await waitUntil(() => parts(el, "action-message").length > 0, "the failure was not shown");
    await settled(el);
    await waitUntil(() => (deepActiveElement() as HTMLElement | null)?.closest("li")?.dataset.id === id, "focus did not return to the restored item");
    expect((deepActiveElement() as HTMLElement).part.contains("complete-button")).to.equal(true);
  });

  it("when Enter is pressed on Complete, then the item goes and focus moves to the next item's Complete button", async () => {
    const { el } = await mountWidget();
    const [first, second] = parts(el, "action-item");
    const secondId = second!.dataset.id;
    first!.querySelector<HTMLButtonElement>('[part~="complete-button"]')!.focus();
    await sendKeys({ press: "Enter" });
    await waitUntil(() => !parts(el, "action-item").includes(first!), "the item was not removed");
    await settled(el);
    const focused = deepActiveElement() as HTMLElement;
    expect(focused.part.contains("complete-button")).to.equal(true);
    expect(focused.closest("li")!.dataset.id).to.equal(secondId);
  });

  it("when Space is pressed on Dismiss and on Load more, then both act", async () => {
    const { el } = await mountWidget();
    const [first] = parts(el, "action-item");
    first!.querySelector<HTMLButtonElement>('[part~="dismiss-button"]')!.focus();
    await sendKeys({ press: "Space" });
    await waitUntil(() => !parts(el, "action-item").includes(first!), "dismiss did not act");
    const activity = parts(el, "activity-item").length;
    parts(el, "load-more-button")[0]!.focus();
    await sendKeys({ press: "Space" });
    await waitUntil(() => parts(el, "activity-item").length > activity, "load more did not act");
  });

  it("when the page failed, then Tab reaches Try again, Enter retries and focus lands on the first heading", async () => {
    const { el, backend } = await mountWidget({ scenario: "server-error", until: "error" });
    (document.activeElement as HTMLElement | null)?.blur();
    await sendKeys({ press: "Tab" });
    expect((deepActiveElement() as HTMLElement).part.contains("retry-button")).to.equal(true);
    backend.mock.setScenario("default");
    await sendKeys({ press: "Enter" });
    await waitUntil(() => parts(el, "action-item").length > 0, "retry did not load the page");
    await waitUntil(() => (deepActiveElement() as HTMLElement | null)?.part.contains("section-heading"), "focus was lost after retry");
    expect(deepActiveElement()).to.equal(parts(el, "section-heading")[0]);
  });
});
