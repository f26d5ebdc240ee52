import { Counter, type Registry } from "prom-client";
import type { FlagObservation } from "../../vocabulary/feature-flags.js";

/**
 * `intro_page_flag_evaluations_total{flag, variant}`: every flag served with
 * a page, so operators watch a rollout's share grow and a kill switch take
 * effect. Runs on the hot path: the labelled children are looked up once and
 * kept, so a count is one map lookup and one addition.
 */
export class FlagEvaluationCounter {
  private readonly counter: Counter<"flag" | "variant">;
  private readonly children = new Map<string, { inc(): void }>();

  constructor(registry: Registry) {
    this.counter = new Counter({
      name: "intro_page_flag_evaluations_total",
      help: "Feature flag evaluations by flag and variant served",
      labelNames: ["flag", "variant"],
      registers: [registry],
    });
  }

  /** Counts one read's flags; the signature of the `FlagObserver` port. */
  readonly observe = (observations: readonly FlagObservation[]): void => {
    for (const { flag, variant } of observations) {
      const key = `${flag}\n${variant}`;
      let child = this.children.get(key);
      if (!child) {
        child = this.counter.labels(flag, variant);
        this.children.set(key, child);
      }
      child.inc();
    }
  };
}
