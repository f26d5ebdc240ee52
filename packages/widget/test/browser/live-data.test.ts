import { expect, waitUntil } from "@open-wc/testing";
import { mountWidget, parts, sectionElements, sleep } from "../support/widget.js";

/** Watches the widget and every section's shadow root for any DOM change. */
function observeRenders(el: HTMLElement): { count(): number; stop(): void } {
  let mutations = 0;
  const observer = new MutationObserver((records) => (mutations += records.length));
  for (const root of [el.shadowRoot!, ...sectionElements(el as never).map((s) => s.shadowRoot!)]) {
    observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
  }
  return { count: () => mutations, stop: () => observer.disconnect() };
}

const pageRequests = (log: { path: string }[]) => log.filter((entry) => entry.path.startsWith("/api/v1/intro-page/demo") && !entry.path.includes("/actions/"));

describe("<intro-page> live data", () => {
  it("when polling brings a new urgent item, then it is shown and announced politely without moving focus", async () => {
    const { el, backend } = await mountWidget({ attributes: { "poll-interval": "0.1" } });
    const focusedBefore = document.activeElement;
    await backend.clientAs("ingest", ["service"]).postEvents({
      body: {
        events: [
          {
            type: "action",
            eventId: "live-test-1",
            userId: "demo",
            item: { id: "urgent-live-1", kind: "approval", title: "Approve the launch budget", priority: "urgent" },
          },
        ],
      },
    });
    await waitUntil(() => parts(el, "action-item").some((item) => item.dataset.id === "urgent-live-1"), "new item never appeared");
    const live = el.shadowRoot!.querySelector('[aria-live="polite"]')!;
    await waitUntil(() => /New urgent item: Approve the launch budget/.test(live.textContent ?? ""), "new urgent item was not announced");
    expect(el.shadowRoot!.querySelectorAll("[aria-live]")).to.have.length(1);
    expect(document.activeElement).to.equal(focusedBefore);
  });

  it("when polls come back 304 Not Modified, then nothing re-renders and no load event fires", async () => {
    const { el, backend } = await mountWidget({ attributes: { "poll-interval": "0.1" } });
    let loads = 0;
    el.addEventListener("intro-page-load", () => (loads += 1));
    const renders = observeRenders(el);
    const before = backend.log.filter((entry) => entry.status === 304).length;
    await waitUntil(() => backend.log.filter((entry) => entry.status === 304).length >= before + 2, "no 304 polls happened", { timeout: 8000 });
    renders.stop();
    expect(renders.count()).to.equal(0);
    expect(loads).to.equal(0);
  });

  it("when the tab is hidden, then polling pauses, and when it is shown again, then it polls at once", async () => {
    const { el, backend } = await mountWidget({ attributes: { "poll-interval": "0.1" } });
    await waitUntil(() => pageRequests(backend.log).length >= 2, "polling did not start");
    Object.defineProperty(document, "hidden", { configurable: true, get: () => true });
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
    try {
      document.dispatchEvent(new Event("visibilitychange"));
      await sleep(150); // a poll already in flight may still land
      const whileHidden = pageRequests(backend.log).length;
      await sleep(700);
      expect(pageRequests(backend.log).length).to.equal(whileHidden);
    } finally {
      delete (document as { hidden?: boolean }).hidden;
      delete (document as { visibilityState?: string }).visibilityState;
    }
    const resumedFrom = pageRequests(backend.log).length;
    document.dispatchEvent(new Event("visibilitychange"));
    await waitUntil(() => pageRequests(backend.log).length > resumedFrom, "polling did not resume", { timeout: 1000 });
    expect(el.isConnected).to.equal(true);
  });

  it("when the user id changes, then the widget loads that user's page", async () => {
    const { el, backend } = await mountWidget();
    el.client = backend.clientAs("admin", ["admin"]);
    el.userId = "alice";
    await waitUntil(() => backend.log.some((entry) => entry.path.startsWith("/api/v1/intro-page/alice")), "alice's page was not requested");
    // Alice's saved locale is French: the English heading shows only until her catalogue has loaded, so look for her name.
    await waitUntil(() => parts(el, "section-heading")[0]?.textContent?.includes("Alice"), "alice's page did not render");
  });
});
