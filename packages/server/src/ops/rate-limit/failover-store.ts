import { MemoryStore, type ClientRateLimitInfo, type IncrementResponse, type Options, type Store } from "express-rate-limit";
import { RedisStore } from "rate-limit-redis";
import type { RedisConnection } from "../../cache/redis-connection.js";

/**
 * A rate-limit store shared by every instance through Redis that falls back
 * to a per-instance memory store while Redis is unreachable — limits stay on
 * (per instance) instead of failing open or refusing all traffic — and goes
 * back to Redis by itself once the connection is ready again.
 */
export class FailoverRateLimitStore implements Store {
  /** Counts live in Redis, not in this process. */
  readonly localKeys = false;
  /** Keys of both stores start with this. */
  readonly prefix: string;
  private readonly shared: RedisStore;
  private readonly local = new MemoryStore();
  private options: Options | undefined;

  /**
   * @param connection the instance's Redis connections
   * @param budget names the budget, so read and write counts never share a key
   * @param onFallback called when Redis was connected but failed a count (e.g. timed out), which was then kept locally
   */
  constructor(
    private readonly connection: RedisConnection,
    budget: string,
    private readonly onFallback: (error: unknown) => void = () => undefined,
  ) {
    this.prefix = `${connection.keyPrefix}rl:${budget}:`;
    this.shared = new RedisStore({
      prefix: this.prefix,
      sendCommand: (command: string, ...args: string[]) => connection.command.call(command, ...args) as Promise<never>,
    });
    // Scripts loaded while Redis was down stay rejected inside RedisStore; reload them on every reconnect.
    connection.on("reconnected", () => {
      if (this.options) this.shared.init(this.options).catch(() => undefined);
    });
  }

  /** Called once by express-rate-limit with its options. */
  init(options: Options): void {
    this.options = options;
    this.local.init(options);
    if (this.connection.isReady) this.shared.init(options).catch(() => undefined);
    else this.connection.command.once("ready", () => this.shared.init(options).catch(() => undefined));
  }

  /** Counts one hit for `key`, in Redis when it answers, else locally. */
  async increment(key: string): Promise<IncrementResponse> {
    if (this.connection.isReady) {
      try {
        return await this.shared.increment(key);
      } catch (error) {
        // Redis failed mid-request: count locally rather than fail the request.
        this.onFallback(error);
      }
    }
    return this.local.increment(key);
  }

  /** Reads the count for `key`. */
  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    if (this.connection.isReady) {
      try {
        return await this.shared.get(key);
      } catch {
        // fall through to the local count
      }
    }
    return this.local.get(key);
  }

  /** Takes one hit back. */
  async decrement(key: string): Promise<void> {
    await Promise.allSettled([this.shared.decrement(key), this.local.decrement(key)]);
  }

  /** Forgets `key` in both stores. */
  async resetKey(key: string): Promise<void> {
    await Promise.allSettled([this.shared.resetKey(key), this.local.resetKey(key)]);
  }

  /** Stops the memory store's timer. */
  shutdown(): void {
    this.local.shutdown();
  }
}
