import { expect, waitUntil } from "@open-wc/testing";
import { sendKeys } from "@web/test-runner-commands";
import { deepActiveElement, mountWidget, parts, sectionElements, settled } from "../support/widget.js";

/** Every control a keyboard user should reach, in the order they appear on screen. */
function expectedControls(el: Parameters<typeof sectionElements>[0]): Element[] {
  return sectionElements(el).flatMap((s) => [...s.shadowRoot!.querySelectorAll("a[href], button")]);
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
