import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";

/** Options for {@link GracefulShutdown}. */
export interface GracefulShutdownOptions {
  /** The listening HTTP server. */
  server: Server;
  /** Longest wait for in-flight requests once the listener is closed (ms); then remaining connections are cut. */
  drainTimeoutMs: number;
  /**
   * Pause between failing readiness and closing the listener (ms), so a load
   * balancer polling readiness stops routing here before connections are refused.
   */
  preStopDelayMs: number;
  /** Called first: readiness must fail from here on. */
  onDrainStart: () => void;
  /** Closes what the server holds (database, Redis, timers) after the last request finished. */
  closeResources: () => Promise<void>;
  /** Where progress is logged. */
  log?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

/** How a shutdown went. */
export interface ShutdownOutcome {
  /** Requests still running when the drain timeout cut them off (0 after a clean drain). */
  abandoned: number;
  /** How long draining took (ms). */
  drainMs: number;
}

/**
 * Graceful shutdown of one instance: fail readiness, optionally wait for the
 * load balancer to notice, stop accepting connections, let in-flight
 * requests finish (each answered with `Connection: close` so keep-alive
 * clients reconnect elsewhere), cut whatever is left after the drain timeout,
 * then close resources. Calling {@link GracefulShutdown.shutdown} twice
 * returns the same promise.
 */
export class GracefulShutdown {
  private readonly inFlight = new Set<ServerResponse>();
  private draining = false;
  private result: Promise<ShutdownOutcome> | undefined;

  constructor(private readonly options: GracefulShutdownOptions) {
    // Prepended so the header is set before the app's own listener can answer synchronously.
    options.server.prependListener("request", (_req: IncomingMessage, res: ServerResponse) => this.track(res));
  }

  /** Requests being handled right now. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** True once shutdown has begun. */
  get isDraining(): boolean {
    return this.draining;
  }

  /** Runs the shutdown sequence once; later calls get the same outcome. */
  shutdown(reason: string): Promise<ShutdownOutcome> {
    this.result ??= this.run(reason);
    return this.result;
  }

  private track(res: ServerResponse): void {
    this.inFlight.add(res);
    res.once("close", () => this.inFlight.delete(res));
    if (this.draining && !res.headersSent) res.setHeader("Connection", "close");
  }

  private async run(reason: string): Promise<ShutdownOutcome> {
    const { server, log } = this.options;
    const started = performance.now();
    this.draining = true;
    this.options.onDrainStart();
    log?.info({ reason, inFlight: this.inFlight.size }, "shutdown: draining");
    if (this.options.preStopDelayMs > 0) await sleep(this.options.preStopDelayMs);
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader("Connection", "close");

    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Idle keep-alive sockets would otherwise hold `close()` open until their timeout.
    server.closeIdleConnections();
    const timedOut = await Promise.race([closed.then(() => false), sleep(this.options.drainTimeoutMs, true, { ref: false })]);
    const abandoned = timedOut ? this.inFlight.size : 0;
    if (timedOut) {
      log?.warn({ abandoned }, "shutdown: drain timeout, closing remaining connections");
      server.closeAllConnections();
      await closed;
    }
    await this.options.closeResources();
    const drainMs = Math.round(performance.now() - started);
    log?.info({ drainMs, abandoned }, "shutdown: complete");
    return { abandoned, drainMs };
  }
}
