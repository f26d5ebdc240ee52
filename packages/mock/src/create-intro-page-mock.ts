import type { HttpHandler } from "msw";
import { createOpenApiHttp } from "openapi-msw";
import { defaultSeed, fixtureUserPlans } from "./fixtures/fixture-users.js";
import type { paths } from "./generated/openapi.js";
import { contractHandlers } from "./handlers/contract-handlers.js";
import { eventHandlers } from "./handlers/event-handlers.js";
import { flagHandlers } from "./handlers/flag-handlers.js";
import { operatorHandlers } from "./handlers/operator-handlers.js";
import { streamHandlers } from "./handlers/stream-handlers.js";
import { pageHandlers } from "./handlers/page-handlers.js";
import { writeHandlers } from "./handlers/write-handlers.js";
import { startLiveActivity } from "./live-activity.js";
import { MockRuntime } from "./mock-runtime.js";
import { isScenarioName, scenarioNames } from "./scenarios.js";
import type { ScenarioName } from "./scenarios.js";

/** How to create a mock. Every option has a default that suits a demo page. */
export interface IntroPageMockOptions {
  /** Origin (and path prefix) the handlers match; default `"*"` matches any origin. */
  baseUrl?: string;
  /** The scenario to start in; default `"default"`. Switch later with `setScenario`. */
  scenario?: ScenarioName;
  /** Delay added to every response in the `slow` scenario; default 1500 ms. */
  latencyMs?: number;
  /** Add new activity every `intervalMs`; default off. */
  live?: { intervalMs: number } | false;
  /** Seed for the fixture data; the same seed always gives the same users, items and activity. */
  seed?: number;
}

/** A running mock: its handlers and the controls that change what they answer. */
export interface IntroPageMock {
  /** msw handlers for every operation in openapi.yaml; pass them to `setupServer` or `setupWorker`. */
  readonly handlers: HttpHandler[];
  /** The ids of the fixture users: `demo`, `alice`, `bob` and `new-user` (who has nothing yet). */
  readonly users: readonly string[];
  /** The scenario the handlers currently play. */
  readonly scenario: ScenarioName;
  /** Switches the scenario for every later request; the data is kept. */
  setScenario(name: ScenarioName): void;
  /** Restores the initial data and scenario (undoes completes, dismisses, preference patches, events and live activity). */
  reset(): void;
  /** Stops live mode; a no-op when it is not running. */
  stopLive(): void;
}

/** The `slow` scenario's default delay. */
export const defaultLatencyMs = 1500;

/**
 * Creates a stateful mock of the intro-page API. Environment-neutral: use the
 * handlers with `msw/node` or `msw/browser` (or the `/node` and `/browser` entries).
 */
export function createIntroPageMock(options: IntroPageMockOptions = {}): IntroPageMock {
  const scenario = options.scenario ?? "default";
  assertScenario(scenario);
  const seed = options.seed ?? defaultSeed;
  const runtime = new MockRuntime({ seed, scenario, latencyMs: options.latencyMs ?? defaultLatencyMs });
  const http = createOpenApiHttp<paths>({ baseUrl: (options.baseUrl ?? "*").replace(/\/+$/, "") });
  const handlers = [
    ...pageHandlers(http, runtime),
    ...streamHandlers(http, runtime),
    ...writeHandlers(http, runtime),
    ...eventHandlers(http, runtime),
    ...operatorHandlers(http, runtime),
    ...flagHandlers(http, runtime),
    ...contractHandlers(http, runtime),
  ];
  let stopLive = () => {};
  if (options.live) {
    if (!(options.live.intervalMs > 0)) throw new RangeError("live.intervalMs must be a positive number of milliseconds.");
    stopLive = startLiveActivity(runtime, options.live.intervalMs, seed);
  }
  return {
    handlers,
    users: fixtureUserPlans.map((plan) => plan.id),
    get scenario() {
      return runtime.scenario;
    },
    setScenario(name) {
      assertScenario(name);
      runtime.scenario = name;
      runtime.changes.dispatchEvent(new Event("change"));
    },
    reset: () => runtime.reset(),
    stopLive: () => {
      stopLive();
      stopLive = () => {};
    },
  };
}

function assertScenario(name: unknown): asserts name is ScenarioName {
  if (!isScenarioName(name)) throw new TypeError(`Unknown scenario "${String(name)}"; use one of: ${scenarioNames.join(", ")}.`);
}
