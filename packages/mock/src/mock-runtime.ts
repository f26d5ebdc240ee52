// The live parts of one mock: state, scenario and the counters the operator
// endpoints report. Handlers read and change it; `reset()` rebuilds it.
import { buildFixtures } from "./fixtures/build-fixtures.js";
import { RateLimitMeter } from "./http/rate-limit.js";
import { CacheModel, RouteTelemetry } from "./http/telemetry.js";
import type { ScenarioName } from "./scenarios.js";
import { MockFlags } from "./state/flags.js";
import type { MockState } from "./state/mock-state.js";

/** Settings fixed when the mock is created. */
export interface MockRuntimeSettings {
  seed: number;
  scenario: ScenarioName;
  latencyMs: number;
}

/** Shared, mutable context for every handler of one mock. */
export class MockRuntime {
  /** The data; replaced wholesale by {@link reset}. */
  state: MockState;
  scenario: ScenarioName;
  readonly latencyMs: number;
  readonly meter = new RateLimitMeter();
  readonly telemetry = new RouteTelemetry();
  /** Fires `change` after every write (each one invalidates the cache) and on `reset()`; the page streams listen. */
  readonly changes = new EventTarget();
  readonly cache = new CacheModel(() => this.changes.dispatchEvent(new Event("change")));
  /** Feature flags and their audit trail; replaced by {@link reset}. */
  flags = new MockFlags();
  /** When this mock started, for `uptimeSeconds`. */
  readonly startedAtMs = Date.now();
  private readonly seed: number;
  private readonly initialScenario: ScenarioName;
  /** Fixture timestamps are placed relative to this moment, so `reset()` restores them exactly. */
  private readonly anchorMs = Date.now();

  constructor(settings: MockRuntimeSettings) {
    this.seed = settings.seed;
    this.scenario = settings.scenario;
    this.initialScenario = settings.scenario;
    this.latencyMs = settings.latencyMs;
    this.state = buildFixtures(this.seed, this.anchorMs);
  }

  /** The current time; read through here so fake timers in tests apply. */
  now(): number {
    return Date.now();
  }

  /** Restores the initial state and scenario and forgets every counter. */
  reset(): void {
    this.scenario = this.initialScenario;
    this.state = buildFixtures(this.seed, this.anchorMs);
    this.meter.clear();
    this.telemetry.clear();
    this.cache.clear();
    this.flags = new MockFlags();
    this.changes.dispatchEvent(new Event("change"));
  }
}
