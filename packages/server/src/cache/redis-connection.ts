import { EventEmitter } from "node:events";
import { Redis, type RedisOptions } from "ioredis";
import type { DependencyProbe } from "../vocabulary/dependency-probe.js";

/** Options for {@link RedisConnection}. */
export interface RedisConnectionOptions {
  /** `redis://` or `rediss://` URL. */
  url: string;
  /** Prepended to every key and channel this server uses, so several deployments (or test runs) can share one Redis. */
  keyPrefix: string;
  /** A command with no reply after this many ms fails, so a hung Redis cannot stall requests. */
  commandTimeoutMs: number;
  /** Shown by CLIENT LIST (the subscriber gets `-sub`); default `intro-page`. */
  connectionName?: string;
  /** Longest pause between reconnect attempts, in ms. */
  maxReconnectDelayMs?: number;
}

/** A pub/sub channel under the key prefix, as {@link RedisConnection.listen} returns it. */
export interface RedisChannel {
  /** The full channel name (key prefix included), to publish on. */
  readonly name: string;
  /** Subscribes; messages reach the listener from then on, and an interrupted subscription is resumed. */
  subscribe(): Promise<void>;
}

/** Events a {@link RedisConnection} emits. */
export interface RedisConnectionEvents {
  /** The command connection is usable after having been lost, or after failing to connect at first (not emitted for a first connect that simply worked). */
  reconnected: [];
  /** The command connection was lost. */
  lost: [error: Error | undefined];
}

/**
 * The two ioredis connections an instance needs — one for commands (cache,
 * rate limits, publishing) and one in subscriber mode (the channels of `listen`) — set up
 * to degrade instead of stall: commands fail fast while disconnected (no
 * offline queue), time out when Redis hangs, and both connections reconnect
 * forever with capped backoff; the subscriber re-subscribes by itself.
 */
export class RedisConnection extends EventEmitter<RedisConnectionEvents> {
  /** The connection for ordinary commands. */
  readonly command: Redis;
  /** The connection in subscriber mode. */
  readonly subscriber: Redis;
  /** Prefix for every key and channel. */
  readonly keyPrefix: string;
  private everReady = false;
  private lostSinceReady = false;
  private closing = false;

  constructor(options: RedisConnectionOptions) {
    super();
    this.keyPrefix = options.keyPrefix;
    const maxDelay = options.maxReconnectDelayMs ?? 2_000;
    const name = options.connectionName ?? "intro-page";
    const shared: RedisOptions = {
      connectTimeout: 2_000,
      // Reconnect forever: 50 ms, 100 ms, … capped, so recovery after an outage is automatic.
      retryStrategy: (attempt) => Math.min(attempt * 50, maxDelay),
      lazyConnect: true,
    };
    this.command = new Redis(options.url, {
      ...shared,
      connectionName: name,
      // Fail at once while disconnected: callers fall back to L1/DB rather than queue behind a dead socket.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs,
    });
    // The subscriber keeps its offline queue so SUBSCRIBE issued before connecting is sent once connected.
    this.subscriber = new Redis(options.url, { ...shared, connectionName: `${name}-sub`, maxRetriesPerRequest: null });
    for (const client of [this.command, this.subscriber]) client.on("error", () => undefined); // state is tracked via events; errors are expected during outages
    this.command.on("ready", () => {
      if (this.lostSinceReady) this.emit("reconnected");
      this.everReady = true;
      this.lostSinceReady = false;
    });
    this.command.on("close", () => {
      if (this.closing || this.lostSinceReady) return;
      // Also when Redis was unreachable from the start: work queued meanwhile (deletes, publishes) must be
      // replayed on the first successful connect too.
      this.lostSinceReady = true;
      if (this.everReady) this.emit("lost", undefined);
    });
  }

  /** Starts connecting; resolves when ready or after `waitMs`, whichever is first (start-up never blocks on Redis). */
  async connect(waitMs: number): Promise<boolean> {
    for (const client of [this.command, this.subscriber]) client.connect().catch(() => undefined);
    if (this.isReady) return true;
    // Not events.once(): it rejects on the first "error", and errors are expected while Redis is away.
    return new Promise<boolean>((resolve) => {
      const onReady = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.command.off("ready", onReady);
        resolve(false);
      }, waitMs).unref();
      this.command.once("ready", onReady);
    });
  }

  /** True while the command connection can take commands. */
  get isReady(): boolean {
    return this.command.status === "ready";
  }

  /** A readiness probe named `redis`: PING on the command connection. */
  probe(): DependencyProbe {
    return {
      name: "redis",
      check: async () => {
        if (!this.isReady) throw new Error(`redis connection is ${this.command.status}`);
        await this.command.ping();
      },
    };
  }

  /**
   * A channel named `suffix` under the key prefix, on the subscriber
   * connection: `onMessage` gets each message's payload once subscribed.
   * Pub/sub delivers only to connected subscribers, so after an interrupted
   * subscription `onResumed` runs once Redis has confirmed the new one: the
   * listener catches up on what it may have missed its own way.
   */
  listen(suffix: string, onMessage: (payload: string) => void, onResumed: () => void): RedisChannel {
    const name = `${this.keyPrefix}${suffix}`;
    const { subscriber } = this;
    let subscribed = false;
    let lost = false;
    subscriber.on("message", (channel: string, payload: string) => {
      if (channel === name) onMessage(payload);
    });
    subscriber.on("close", () => {
      if (subscribed) lost = true;
    });
    subscriber.on("ready", () => {
      if (!lost) return;
      lost = false;
      // ioredis re-subscribes by itself, but "ready" fires before Redis confirmed it; subscribing again
      // (idempotent) gives a confirmation, after which nothing more can be missed.
      subscriber.subscribe(name).then(
        () => onResumed(),
        () => undefined, // lost again: the next "ready" retries
      );
    });
    return {
      name,
      async subscribe() {
        subscribed = true;
        await subscriber.subscribe(name);
      },
    };
  }

  /** Closes both connections; pending commands are answered first when Redis is reachable. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(
      [this.command, this.subscriber].map(async (client) => {
        if (client.status === "ready") await client.quit().catch(() => client.disconnect());
        else client.disconnect();
      }),
    );
  }
}
