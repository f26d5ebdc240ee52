import type { ServerResponse } from "node:http";
import type { LiveEvent } from "../domain/live-updates.js";
import { AppError } from "../errors/app-error.js";
import type { LiveMetrics } from "../ops/metrics/live-metrics.js";

/** Options for {@link LiveStreams}. */
export interface LiveStreamsOptions {
  /** Open streams one subject may hold on this instance. */
  perSubject: number;
  /** Milliseconds between `: ping` comments. */
  heartbeatMs: number;
  /** The `retry:` a stream opens with; shutdown hints a random delay up to it. */
  retryMs: number;
  metrics?: Pick<LiveMetrics, "streamOpened" | "streamClosed" | "countRefused"> | undefined;
}

/** One open page stream. */
export interface PageStream {
  /** Writes an event (queued until the stream has started). */
  send(event: LiveEvent): void;
  /** Writes the headers, the `retry:` line, `first` and whatever was queued. */
  start(first: LiveEvent | undefined): void;
  /** Ends the stream with a reconnect hint; `onEnd` runs once, whoever ends it. */
  end(retryMs: number): void;
}

/** The refusal of a stream on an instance that is shutting down: the client reconnects, the balancer sends it elsewhere. */
export const shuttingDownError = () => new AppError(503, "This instance is shutting down; reconnect to another.", { headers: { "Retry-After": "1" } });

/** `id`, `event` and `data` lines of one server-sent event. */
const formatEvent = ({ id, event, data }: LiveEvent) => `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * The page streams open on this instance: admits them under the
 * per-subject limit, sends every one a heartbeat from a single timer, and on
 * shutdown ends them all with a jittered `retry:` hint (so the clients of a
 * drained instance do not reconnect all in the same millisecond) and refuses
 * new ones.
 */
export class LiveStreams {
  private readonly open = new Set<ServerResponse>();
  private readonly enders = new Map<ServerResponse, (retryMs: number) => void>();
  private readonly perSubject = new Map<string, number>();
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private draining = false;

  constructor(private readonly options: LiveStreamsOptions) {}

  /** Streams open right now. */
  get size(): number {
    return this.open.size;
  }

  /**
   * Takes one of `subject`'s stream slots; returns the function that gives it back.
   * @throws AppError 429 with `Retry-After` over the limit, 503 while shutting down.
   */
  admit(subject: string): () => void {
    if (this.draining) throw shuttingDownError();
    const held = this.perSubject.get(subject) ?? 0;
    if (held >= this.options.perSubject) {
      this.options.metrics?.countRefused();
      const retryAfter = String(Math.ceil((2 * this.options.heartbeatMs) / 1000));
      throw new AppError(429, `At most ${this.options.perSubject} open streams per subject; retry in ${retryAfter} s or share one stream between tabs.`, {
        headers: { "Retry-After": retryAfter },
      });
    }
    this.perSubject.set(subject, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.perSubject.get(subject) ?? 1) - 1;
      if (left > 0) this.perSubject.set(subject, left);
      else this.perSubject.delete(subject);
    };
  }

  /** A stream over `res`; `onEnd` runs once when it ends for any reason (client gone, drain, `end()`). */
  create(res: ServerResponse, onEnd: () => void): PageStream {
    const queued: string[] = [];
    let started = false;
    let ended = false;
    const finish = () => {
      if (ended) return;
      ended = true;
      if (this.open.delete(res)) this.options.metrics?.streamClosed();
      this.enders.delete(res);
      if (this.open.size === 0) this.stopHeartbeat();
      onEnd();
    };
    const end = (retryMs: number) => {
      if (!ended && started && !res.writableEnded) res.end(`retry: ${Math.round(retryMs)}\n\n`);
      finish();
    };
    res.once("close", finish);
    this.enders.set(res, end);
    return {
      send: (event) => {
        if (ended) return;
        if (started) res.write(formatEvent(event));
        else queued.push(formatEvent(event));
      },
      start: (first) => {
        if (ended) return;
        started = true;
        res.writeHead(200, {
          "Content-Type": "text/event-stream; charset=utf-8",
          "Cache-Control": "no-cache",
          // Tells nginx-style proxies not to buffer the stream.
          "X-Accel-Buffering": "no",
        });
        res.socket?.setNoDelay(true);
        res.write(`retry: ${this.options.retryMs}\n\n${first ? formatEvent(first) : ""}${queued.join("")}`);
        queued.length = 0;
        this.open.add(res);
        this.options.metrics?.streamOpened();
        this.startHeartbeat();
      },
      end,
    };
  }

  /** Ends every stream with a random reconnect hint up to `retryMs` and refuses new ones from now on. */
  drain(): void {
    this.draining = true;
    for (const end of [...this.enders.values()]) end(Math.max(100, Math.random() * this.options.retryMs));
  }

  /** Stops the heartbeat timer. */
  close(): void {
    this.stopHeartbeat();
  }

  private startHeartbeat(): void {
    this.heartbeat ??= setInterval(() => {
      for (const res of this.open) res.write(": ping\n\n");
    }, this.options.heartbeatMs).unref();
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }
}
