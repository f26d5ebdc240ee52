import { randomUUID } from "node:crypto";
import type { FlagChangeBus } from "./ports.js";
import type { RedisChannel, RedisConnection } from "./redis-connection.js";

/**
 * Flag-change announcements over Redis pub/sub, on the same connections as
 * the cache's invalidation bus (cache/redis-invalidation-bus.ts) but their
 * own channel. A message carries no state, only "reload": each instance
 * reads the flags table itself, so a lost or duplicated message can never
 * leave two instances disagreeing for longer than the next reload. After
 * an interrupted subscription the handler runs once (messages may have been
 * missed), and an announcement that could not be sent is sent on reconnect.
 */
export class RedisFlagChangeBus implements FlagChangeBus {
  /** This instance's id; its own messages are ignored (it reloaded before publishing). */
  readonly origin = randomUUID();
  private readonly channel: RedisChannel;
  private handler: (() => void) | undefined;
  private unsent = false;

  constructor(private readonly connection: RedisConnection) {
    this.channel = connection.listen(
      "flags",
      (origin) => {
        if (origin !== this.origin) this.handler?.();
      },
      () => this.handler?.(),
    );
    connection.on("reconnected", () => {
      if (this.unsent) void this.publish().catch(() => undefined);
    });
  }

  /** Announces a change; remembered and re-sent on reconnect when Redis is unreachable. */
  async publish(): Promise<void> {
    try {
      await this.connection.command.publish(this.channel.name, this.origin);
      this.unsent = false;
    } catch (error) {
      this.unsent = true;
      throw error;
    }
  }

  /** Registers the handler for other instances' changes and subscribes. */
  async subscribe(handler: () => void): Promise<void> {
    this.handler = handler;
    await this.channel.subscribe();
  }
}
