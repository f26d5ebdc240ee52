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
   * Whether the shared store's scripts are loaded (the last load, or the one running). A load that failed (Redis
   * slow or away then: a start under load can stall the process past the command timeout) is tried again by the next
   * count; RedisStore itself would keep the failed load and fail every count until a reconnect.
   */
  private scripts: Promise<boolean> | undefined;

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
    // A reconnected Redis may have lost its scripts (a restart): load them again.
    connection.on("reconnected", () => {
      if (this.options) void this.loadScripts();
    });
  }

  /** Called once by express-rate-limit with its options. */
  init(options: Options): void {
    this.options = options;
    this.local.init(options);
    if (this.connection.isReady) void this.loadScripts();
    else this.connection.command.once("ready", () => void this.loadScripts());
  }

  private loadScripts(): Promise<boolean> {
    const loading = this.shared.init(this.options!).then(
      () => true,
      () => false,
    );
    this.scripts = loading;
    return loading;
  }

  /** Whether counts can go to Redis: Redis is connected and the scripts are loaded, loading them again if the last load failed. */
  private async sharedUsable(): Promise<boolean> {
    if (!this.connection.isReady || !this.options) return false;
    const current = this.scripts;
    if (current && (await current)) return true;
    // Another count may have started a load meanwhile: wait for that one rather than start a second.
    return this.scripts !== current && this.scripts ? this.scripts : this.loadScripts();
  }

  /** Counts one hit for `key`, in Redis when it answers, else locally. */
  async increment(key: string): Promise<IncrementResponse> {
    if (await this.sharedUsable()) {
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
    if (await this.sharedUsable()) {
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
