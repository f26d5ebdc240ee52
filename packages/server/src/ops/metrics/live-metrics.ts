import { Counter, Gauge, Histogram, type Registry } from "prom-client";

/** Push latency buckets in seconds: the promise is a change on screen within 100 ms, so resolve below it finely. */
const PUSH_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * Live-push metrics, registered in the instance's registry next to the
 * others: open page streams, how long a change takes from the invalidation
 * this instance heard to the event handed to its streams, and refusals by
 * the per-subject stream limit.
 */
export class LiveMetrics {
  private readonly open: Gauge;
  private readonly push: Histogram;
  private readonly refused: Counter;

  constructor(registry: Registry) {
    const registers = [registry];
    this.open = new Gauge({ name: "intro_page_live_streams_open", help: "Page event streams open on this instance", registers });
    this.push = new Histogram({
      name: "intro_page_live_push_latency_seconds",
      help: "From hearing a cache invalidation (own write or bus message) to its change event handed to the streams",
      buckets: PUSH_BUCKETS,
      registers,
    });
    this.refused = new Counter({ name: "intro_page_live_streams_refused_total", help: "Page streams refused by the per-subject limit", registers });
  }

  /** Counts a stream that opened. */
  streamOpened(): void {
    this.open.inc();
  }

  /** Counts a stream that ended, however it ended. */
  streamClosed(): void {
    this.open.dec();
  }

  /** Records one change event's push latency. */
  observePush(seconds: number): void {
    this.push.observe(seconds);
  }

  /** Counts a stream refused by the per-subject limit. */
  countRefused(): void {
    this.refused.inc();
  }
}
