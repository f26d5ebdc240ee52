/** Latency figures of one phase of a load run. */
export interface PhaseReport {
  phase: string;
  requests: number;
  failed: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** The nearest-rank quantile of sorted values. */
const quantile = (sorted: number[], q: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!);

/**
 * An open-loop load generator: requests are scheduled by the clock at a
 * fixed rate, not by replies, and each latency is counted from its
 * scheduled instant (so a stalled server shows up as latency instead of
 * silently lowering the rate). Every request belongs to the phase that was
 * current when it was scheduled.
 */
export class OpenLoopLoad {
  private phase = "idle";
  private readonly samples: Array<{ phase: string; ms: number; ok: boolean }> = [];
  private readonly failures: string[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;

  /** `fire(n)` sends request number n and resolves with an error text when it failed, undefined when it succeeded. */
  constructor(
    private readonly fire: (n: number) => Promise<string | undefined>,
    private readonly ratePerSecond: number,
  ) {}

  /** Starts sending. */
  start(): void {
    const started = performance.now();
    const interval = 1000 / this.ratePerSecond;
    let next = 0;
    this.timer = setInterval(() => {
      const now = performance.now();
      while (started + next * interval <= now) {
        const scheduled = started + next * interval;
        const phase = this.phase;
        const request = this.fire(next)
          .catch((err: Error) => `network: ${err.message}`)
          .then((failure) => {
            this.samples.push({ phase, ms: performance.now() - scheduled, ok: failure === undefined });
            if (failure !== undefined) this.failures.push(`${phase}: ${failure}`);
          });
        this.inFlight.add(request);
        void request.finally(() => this.inFlight.delete(request));
        next++;
      }
    }, 2);
  }

  /** Requests scheduled from now on count towards `phase`. */
  mark(phase: string): void {
    this.phase = phase;
  }

  /** Stops scheduling and waits for the requests in flight. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([...this.inFlight]);
  }

  /** The first few failures, for a test's message. */
  failureSamples(): string[] {
    return this.failures.slice(0, 5);
  }

  /** Per-phase counts and latency quantiles (ms), in the order the phases ran. */
  report(): PhaseReport[] {
    const phases = [...new Set(this.samples.map((s) => s.phase))];
    return phases.map((phase) => {
      const mine = this.samples.filter((s) => s.phase === phase);
      const sorted = mine.map((s) => s.ms).sort((a, b) => a - b);
      return {
        phase,
        requests: mine.length,
        failed: mine.filter((s) => !s.ok).length,
        p50: quantile(sorted, 0.5),
        p95: quantile(sorted, 0.95),
        p99: quantile(sorted, 0.99),
        max: sorted.at(-1) ?? 0,
      };
    });
  }
}
