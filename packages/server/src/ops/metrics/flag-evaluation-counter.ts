import { Counter, type Registry } from "prom-client";
import type { FlagObservation } from "../../vocabulary/feature-flags.js";

/**
 * `intro_page_flag_evaluations_total{flag, variant}`: every flag served with
 * a page, so operators watch a rollout's share grow and a kill switch take
 * effect. Runs on the hot path, so a count is one map lookup and one
 * addition into a plain tally; the tallies are added to the prom-client
 * counter when the registry is read (its `collect` hook), not per request.
 */
export class FlagEvaluationCounter {
  /** Served since the last scrape, by flag, then by variant: both are the flag configuration's own strings, so the lookups build no key. */
  private readonly tallies = new Map<string, Map<string, number>>();

  constructor(registry: Registry) {
    const tallies = this.tallies;
    new Counter({
      name: "intro_page_flag_evaluations_total",
      help: "Feature flag evaluations by flag and variant served",
      labelNames: ["flag", "variant"],
      registers: [registry],
      collect() {
        for (const [flag, byVariant] of tallies) {
          for (const [variant, count] of byVariant) {
            if (count === 0) continue;
            this.inc({ flag, variant }, count);
            byVariant.set(variant, 0);
          }
        }
      },
    });
  }

  /** Counts one read's flags; the signature of the `FlagObserver` port. */
  readonly observe = (observations: readonly FlagObservation[]): void => {
    for (const { flag, variant } of observations) {
      let byVariant = this.tallies.get(flag);
      if (!byVariant) this.tallies.set(flag, (byVariant = new Map()));
      byVariant.set(variant, (byVariant.get(variant) ?? 0) + 1);
    }
  };
}
