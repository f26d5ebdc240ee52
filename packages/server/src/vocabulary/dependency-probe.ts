import type { components } from "../generated/openapi.js";

/** The result of checking one dependency, as the contract shapes it. */
export type DependencyCheck = components["schemas"]["DependencyCheck"];
/** The dependencies readiness knows by name. */
export type DependencyName = DependencyCheck["name"];

/**
 * Something readiness can ask "do you answer?": resolves when up, rejects
 * (with the reason) when down. A port: the database, the cache and Redis
 * each offer one, and the health service in `ops/` runs them.
 */
export interface DependencyProbe {
  /** The dependency's name in health reports. */
  readonly name: DependencyName;
  /** Resolves when the dependency answers; rejects with why it does not. */
  check(): Promise<void>;
}
