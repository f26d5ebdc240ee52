import { expect, fixture, html, waitUntil } from "@open-wc/testing";
import { createMockToken } from "@intro-page/mock";
import type { IntroPageElement } from "../../src/index.js";
import type { IntroPage } from "../../src/page-model.js";
import { apiBaseUrl, createMockBackend } from "../support/mock-backend.js";
import type { MockBackend } from "../support/mock-backend.js";
import { part, parts, sectionsReady } from "../support/widget.js";

/** The page and its ETag as a host's server would have them (a plain GET to the API). */
async function servedPage(backend: MockBackend): Promise<{ page: IntroPage; etag: string }> {
  const response = await backend.fetch(`${apiBaseUrl}/api/v1/intro-page/demo`, {
    headers: { Authorization: `Bearer ${createMockToken({ sub: "demo", roles: ["user"] })}` },
  });
  backend.log.length = 0;
  return { page: (await response.json()) as IntroPage, etag: response.headers.get("ETag")! };
}

const pageRequests = (backend: MockBackend) => backend.log.filter((entry) => entry.path.startsWith("/api/v1/intro-page/demo"));

describe("<intro-page> with initial data (issue 13, server-rendered first paint)", () => {
  it("when the host hands over the page and its ETag, then the first paint has content, no skeleton and no request; the first poll costs a 304", async () => {
    const backend = createMockBackend();
    const { page, etag } = await servedPage(backend);
    const el = await fixture<IntroPageElement>(
      html`<intro-page user-id="demo" poll-interval="1" initial-etag=${etag} .client=${backend.client} .initialData=${page}></intro-page>`,
    );
    expect(sectionsReady(el)).to.equal(true);
    expect(parts(el, "skeleton")).to.have.length(0);
    expect(part(el, "base")!.getAttribute("aria-busy")).to.equal("false");
    expect(parts(el, "action-item").length).to.be.greaterThan(0);
    expect(pageRequests(backend)).to.have.length(0);
    await waitUntil(() => pageRequests(backend).length > 0, "the loader did not take over", { timeout: 3000 });
    expect(pageRequests(backend)[0]!.status).to.equal(304);
    expect(part(el, "connection-notice")).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it("when the page comes as a JSON script child, then it is shown at once too", async () => {
    const backend = createMockBackend();
    const { page, etag } = await servedPage(backend);
    const el = await fixture<IntroPageElement>(
      html`<intro-page user-id="demo" poll-interval="0" .client=${backend.client}><script type="application/json" data-etag=${etag}>${JSON.stringify(page)}</script></intro-page>`,
    );
    expect(sectionsReady(el)).to.equal(true);
    expect(pageRequests(backend)).to.have.length(0);
    el.refresh();
    await waitUntil(() => pageRequests(backend).length > 0, "refresh did not start the loader");
    expect(pageRequests(backend)[0]!.status).to.equal(304);
  });

  it("when the initial page belongs to another user, then it is ignored and the page loads as usual", async () => {
    const backend = createMockBackend();
    const { page } = await servedPage(backend);
    const el = await fixture<IntroPageElement>(html`<intro-page user-id="alice" poll-interval="0" .client=${backend.client} .initialData=${page}></intro-page>`);
    expect(parts(el, "skeleton").length).to.be.greaterThan(0);
    await waitUntil(() => pageRequests(backend).length === 0 && backend.log.some((entry) => entry.path.startsWith("/api/v1/intro-page/alice")), "alice's page was not requested");
  });
});
