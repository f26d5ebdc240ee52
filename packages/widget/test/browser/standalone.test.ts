// Runs in its own page: only the standalone bundle registers <intro-page> here.
import { expect, fixture, html, waitUntil } from "@open-wc/testing";
import { createMockBackend } from "../support/mock-backend.js";

describe("standalone bundle", () => {
  it("when only dist/intro-page.standalone.js is loaded, then <intro-page> registers and renders a page", async () => {
    // A runtime URL keeps TypeScript from resolving the built file (it is checked as JS, not TS).
    const bundle = new URL("../../dist/intro-page.standalone.js", import.meta.url).href;
    const exports = (await import(/* @vite-ignore */ bundle)) as Record<string, unknown>;
    expect(exports.IntroPageElement).to.equal(customElements.get("intro-page"));
    const backend = createMockBackend();
    const el = await fixture<HTMLElement & { client: unknown }>(html`<intro-page poll-interval="0"></intro-page>`);
    el.client = backend.client;
    el.setAttribute("user-id", "demo");
    await waitUntil(() => el.shadowRoot?.querySelector('[data-section="actions"]')?.shadowRoot?.querySelector("li"), "the standalone widget did not render");
  });
});
