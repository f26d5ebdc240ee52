import { expect, fixture, html, waitUntil } from "@open-wc/testing";
import type { IntroPageElement } from "../../src/index.js";
import { apiBaseUrl } from "../support/mock-backend.js";
import { mountWidget, part, parts, recordAnnouncements, setBrowserOffline, sleep } from "../support/widget.js";

const noticeText = (el: IntroPageElement) => part(el, "connection-notice")?.textContent?.replace(/\s+/g, " ").trim() ?? "";

describe("<intro-page> honest states (issue 13, defect 1)", () => {
  afterEach(() => {
    setBrowserOffline(false);
  });

  it("when the service refuses the connection while the network is up, then the notice says the service cannot be reached, not that the user is offline", async () => {
    const { el, backend } = await mountWidget();
    backend.mock.setScenario("offline");
    el.refresh();
    await waitUntil(() => part(el, "connection-notice"), "no notice after the failed refresh");
    expect(navigator.onLine).to.equal(true);
    expect(noticeText(el)).to.match(/service cannot be reached/);
    expect(noticeText(el)).not.to.match(/offline/i);
    expect(parts(el, "action-item").length).to.be.greaterThan(0);
    await expect(el).to.be.accessible();
  });

  it("when the service answers again with a 304, then the notice clears, and the outage and the recovery are each announced once", async () => {
    const { el, backend } = await mountWidget();
    const announcements = recordAnnouncements(el);
    backend.mock.setScenario("server-error");
    for (let attempt = 0; attempt < 3; attempt++) {
      const failures = backend.log.filter((entry) => entry.status === 500).length;
      el.refresh();
      await waitUntil(() => backend.log.filter((entry) => entry.status === 500).length > failures, "the refresh did not fail");
      await el.updateComplete;
    }
    await waitUntil(() => part(el, "connection-notice"), "no notice during the outage");
    backend.mock.setScenario("default");
    el.refresh();
    await waitUntil(() => !part(el, "connection-notice"), "the notice stayed after the service answered");
    expect(backend.log.at(-1)!.status).to.equal(304);
    await waitUntil(() => announcements.texts.length === 2, "the recovery was not announced");
    await sleep(100);
    announcements.stop();
    expect(announcements.texts).to.have.length(2);
    expect(announcements.texts[0]).to.match(/could not be loaded/);
    expect(announcements.texts[1]).to.match(/Connected again/);
  });

  it("when an outage goes on, then 'loaded … ago' keeps counting", async () => {
    const { el, backend } = await mountWidget();
    backend.mock.setScenario("server-error");
    el.refresh();
    await waitUntil(() => part(el, "connection-notice"), "no notice during the outage");
    const first = noticeText(el);
    await waitUntil(() => noticeText(el) !== first, "the relative time did not advance", { timeout: 4000 });
    expect(noticeText(el)).to.match(/loaded \d+ seconds? ago/);
  });

  it("when the user's own network goes down, then the notice says offline, and coming back loads again and clears it", async () => {
    const { el, backend } = await mountWidget();
    setBrowserOffline(true);
    await waitUntil(() => part(el, "connection-notice"), "no notice when the network went down");
    expect(navigator.onLine).to.equal(false);
    expect(noticeText(el)).to.match(/^You are offline\./);
    // Requests made while offline fail with no answer: still "offline", not "cannot be reached".
    backend.mock.setScenario("offline");
    el.refresh();
    await waitUntil(() => backend.log.at(-1)?.status === 0, "the refresh did not fail");
    await el.updateComplete;
    expect(noticeText(el)).to.match(/^You are offline\./);
    backend.mock.setScenario("default");
    const requests = backend.log.length;
    setBrowserOffline(false);
    await waitUntil(() => backend.log.length > requests && !part(el, "connection-notice"), "coming back online did not clear the notice");
  });

  it("when the first load gets a 429 with Retry-After, then a message counts down instead of a bare skeleton", async () => {
    const realFetch = globalThis.fetch;
    let calls = 0;
    let streamCalls = 0;
    globalThis.fetch = async (input: RequestInfo | URL) => {
      // The page's event stream (transport "auto") is its own request, refused the same way.
      if (new Request(input).url.endsWith("/stream")) streamCalls += 1;
      else calls += 1;
      return new Response(JSON.stringify({ type: "about:blank", title: "Too many requests", status: 429 }), {
        status: 429,
        headers: { "Content-Type": "application/problem+json", "Retry-After": "8" },
      });
    };
    try {
      // The widget's own client (no `client` property), as a host would use it.
      const el = await fixture<IntroPageElement>(html`<intro-page api-base-url=${apiBaseUrl} token="t" user-id="demo" poll-interval="0"></intro-page>`);
      await waitUntil(() => part(el, "page-error"), "only a skeleton showed during the rate limit", { timeout: 3000 });
      const text = () => part(el, "page-error")!.textContent!.replace(/\s+/g, " ");
      expect(text()).to.match(/Too many requests right now/);
      const first = Number(/Trying again in (\d+) seconds/.exec(text())?.[1]);
      expect(first).to.be.within(6, 8);
      await waitUntil(() => Number(/Trying again in (\d+) seconds?/.exec(text())?.[1]) < first, "the countdown did not count", { timeout: 3000 });
      expect(calls).to.equal(1);
      expect(streamCalls).to.be.at.most(1);
      await expect(el).to.be.accessible();
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
