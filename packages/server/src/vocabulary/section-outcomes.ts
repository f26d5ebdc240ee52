import type { components } from "../generated/openapi.js";
import type { CircuitState } from "./circuit-state.js";
import type { SectionName } from "./section-names.js";

/**
 * How one call to a section service ended: `ok`, or the contract's
 * `SectionError.code` (`timeout`, `error`, `circuit_open`). Section
 * envelopes, logs and the `outcome` label of the section metrics all use
 * these words.
 */
export type SectionOutcome = "ok" | components["schemas"]["SectionError"]["code"];

/** What observers hear about every section read: a cache `hit`, or how the computation ended. */
export interface SectionObservation {
  section: SectionName;
  outcome: "hit" | SectionOutcome;
  /** Time spent computing, 0 for cache hits. */
  durationMs: number;
}

/**
 * A port onto the sections' health: the coordinator (domain) offers it, the
 * metrics and health services (ops) read it, so neither imports the other.
 */
export interface SectionMonitor {
  /** Subscribes to every section read's outcome; returns the unsubscribe function. */
  observe(listener: (observation: SectionObservation) => void): () => void;
  /** Each section's circuit state now. */
  circuitStates(): Record<SectionName, CircuitState>;
}
