// The browser entry: msw/browser's Service Worker around the neutral mock.
import { setupWorker } from "msw/browser";
import type { SetupWorker } from "msw/browser";
import { createIntroPageMock } from "./create-intro-page-mock.js";
import type { IntroPageMock, IntroPageMockOptions } from "./create-intro-page-mock.js";
import { optionsFromQuery } from "./options-from-query.js";

/** Options of {@link startIntroPageMockWorker}: the mock's, plus how to start the worker. */
export interface IntroPageMockWorkerOptions extends IntroPageMockOptions {
  /** Passed to msw's `worker.start()` (e.g. `{ serviceWorker: { url: "/mockServiceWorker.js" }, quiet: true }`). */
  start?: Parameters<SetupWorker["start"]>[0];
  /** Where to read `?scenario=` and `?latencyMs=` from; default `location.search`. */
  search?: string;
}

/** The started worker and the mock that controls it. */
export interface IntroPageMockWorker {
  /** msw's started worker; `worker.stop()` ends the mocking. */
  worker: SetupWorker;
  /** The mock behind the worker: switch scenarios, reset state, stop live mode. */
  mock: IntroPageMock;
}

/**
 * Starts msw's Service Worker with every intro-page operation mocked.
 * `?scenario=<name>` in the page URL picks the scenario (so a demo page switches
 * without code) and `?latencyMs=` the delay of `slow`; both override `options`.
 * Needs `mockServiceWorker.js` in your public directory: `npx msw init <public dir>`.
 */
export async function startIntroPageMockWorker(options: IntroPageMockWorkerOptions = {}): Promise<IntroPageMockWorker> {
  const { start, search, ...mockOptions } = options;
  const mock = createIntroPageMock(optionsFromQuery(search ?? globalThis.location?.search ?? "", mockOptions));
  const worker = setupWorker(...mock.handlers);
  await worker.start(start);
  return { worker, mock };
}

export type { IntroPageMock, IntroPageMockOptions } from "./create-intro-page-mock.js";
