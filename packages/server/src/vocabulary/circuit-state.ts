import type { components } from "../generated/openapi.js";

/** A section's circuit breaker state, in the contract's words (`closed`, `halfOpen`, `open`). */
export type CircuitState = components["schemas"]["CircuitState"];
