/** Helpers to mount `<intro-page>` and look inside its shadow roots. */
import { fixture, html, waitUntil } from "@open-wc/testing";
import { executeServerCommand } from "@web/test-runner-commands";
import "../../src/index.js";
import type { IntroPageElement } from "../../src/index.js";
import type { SectionName } from "../../src/page-model.js";
import { createMockBackend } from "./mock-backend.js";
import type { MockBackend, MockBackendOptions } from "./mock-backend.js";

/** What {@link mountWidget} accepts besides the backend options. */
export interface MountOptions extends MockBackendOptions {
  /** Attributes to set on the element before it connects. */
  attributes?: Record<string, string>;
  /** Wait for this phase before returning; default "ready". */
  until?: "ready" | "error" | "loading" | "none";
  /** CSS width of the element. */
  width?: string;
}

/** Mounts a widget wired to a fresh mock backend and waits until it reached `until`. */
export async function mountWidget(options: MountOptions = {}): Promise<{ el: IntroPageElement; backend: MockBackend }> {
  const { attributes = {}, until = "ready", width, ...backendOptions } = options;
  const backend = createMockBackend(backendOptions);
  const el = await fixture<IntroPageElement>(html`<intro-page style=${width ? `width:${width}` : ""}></intro-page>`);
  el.client = backend.client;
  // These suites are about rendering and polling: the event stream (transport="auto", the default) is
  // exercised end to end against the real server in packages/server/test/e2e/live-push.test.ts.
  for (const [name, value] of Object.entries({ "user-id": backendOptions.userId ?? "demo", "poll-interval": "0", transport: "poll", ...attributes })) {
    el.setAttribute(name, value);
  }
  if (until === "ready") await waitUntil(() => sectionsReady(el), "widget did not show content", { timeout: 8000 });
  if (until === "error") await waitUntil(() => part(el, "page-error"), "widget did not show the page error", { timeout: 8000 });
  if (until === "loading") await waitUntil(() => el.shadowRoot?.querySelector('[aria-busy="true"]'), "widget did not start loading");
  return { el, backend };
}

/** True when the widget rendered page data (no section is still loading). */
export function sectionsReady(el: IntroPageElement): boolean {
  const sections = sectionElements(el);
  return sections.length > 0 && sections.every((section) => !section.hasAttribute("loading"));
}

/** The section elements in rendered order. */
export function sectionElements(el: IntroPageElement): HTMLElement[] {
  return [...(el.shadowRoot?.querySelectorAll<HTMLElement>("[data-section]") ?? [])];
}

/** The element rendering one section. */
export function section(el: IntroPageElement, name: SectionName): HTMLElement & { shadowRoot: ShadowRoot } {
  const found = el.shadowRoot?.querySelector<HTMLElement>(`[data-section="${name}"]`);
  if (!found?.shadowRoot) throw new Error(`section ${name} is not rendered`);
  return found as HTMLElement & { shadowRoot: ShadowRoot };
}

/** The first element with `part` in the widget or any of its sections. */
export function part(el: IntroPageElement, name: string): HTMLElement | null {
  return parts(el, name)[0] ?? null;
}

/** Every element with `part` (one of its part names) in the widget and its sections, in document order. */
export function parts(el: IntroPageElement, name: string): HTMLElement[] {
  const roots: ShadowRoot[] = [el.shadowRoot!, ...sectionElements(el).flatMap((s) => (s.shadowRoot ? [s.shadowRoot] : []))];
  return roots.flatMap((root) => [...root.querySelectorAll<HTMLElement>("[part]")].filter((node) => node.part.contains(name)));
}

/** The element that has focus, looking through shadow roots. */
export function deepActiveElement(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves when the widget and each of its sections finished rendering pending changes. */
export async function settled(el: IntroPageElement): Promise<void> {
  await el.updateComplete;
  await Promise.all(sectionElements(el).map((s) => (s as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete));
}

/**
 * Makes the page believe its network went down (`navigator.onLine` false, an
 * `offline` event) or came back. Chromium's own offline emulation would also
 * cut the test runner's connection to the page.
 */
export function setBrowserOffline(offline: boolean): void {
  if (navigator.onLine === !offline) return;
  Object.defineProperty(navigator, "onLine", { configurable: true, get: () => !offline });
  window.dispatchEvent(new Event(offline ? "offline" : "online"));
}

/** Emulates media features, e.g. `[{ name: "forced-colors", value: "active" }]`; `[]` restores the real ones. */
export function emulateMediaFeatures(features: Array<{ name: string; value: string }>): Promise<unknown> {
  return executeServerCommand("emulate-media-features", { features });
}

/** Records every text the widget's live region takes, in order. */
export function recordAnnouncements(el: IntroPageElement): { texts: string[]; stop(): void } {
  const region = el.shadowRoot!.querySelector('[role="status"]')!;
  const texts: string[] = [];
  const observer = new MutationObserver(() => {
    const text = region.textContent?.trim() ?? "";
    if (text && text !== texts.at(-1)) texts.push(text);
  });
  observer.observe(region, { childList: true, characterData: true, subtree: true });
  return { texts, stop: () => observer.disconnect() };
}
