import { randomUUID } from "node:crypto";
import { isSectionName } from "../vocabulary/section-names.js";
import type { InvalidationSelector } from "./cache-keys.js";
import type { InvalidationBus } from "./ports.js";
import type { RedisChannel, RedisConnection } from "./redis-connection.js";
import { PendingInvalidations } from "./redis-pending-invalidations.js";


interface InvalidationMessage {
  origin: string;
  selector: InvalidationSelector;
}

/**
 * Invalidation over Redis pub/sub: every instance drops the keys another one
 * invalidated. Pub/sub delivers at most once and only to connected
 * subscribers, so two gaps are closed explicitly: announcements that could
 * not be published are re-published on reconnect, and an instance whose
 * subscription was interrupted drops its whole L1 when it is back (it may
 * have missed messages; TTLs alone would serve stale data too long).
 */
export class RedisInvalidationBus implements InvalidationBus {
  /** This instance's id; its own messages are ignored. */
  readonly origin = randomUUID();
  private readonly channel: RedisChannel;
  private handler: ((selector: InvalidationSelector) => void) | undefined;
  private readonly pending = new PendingInvalidations();

  constructor(private readonly connection: RedisConnection) {
    // Back after an interruption: drop the whole L1, since messages may have been missed meanwhile.
    this.channel = connection.listen("invalidate", (raw) => this.receive(raw), () => this.handler?.({ all: true }));
    connection.on("reconnected", () => void this.pending.replay((selector) => this.send(selector)));
  }

  /** Announces an invalidation; remembered and re-sent on reconnect when Redis is unreachable. */
  async publish(selector: InvalidationSelector): Promise<void> {
    try {
      await this.send(selector);
    } catch (error) {
      this.pending.add(selector);
      throw error;
    }
  }

  /** Registers the handler for other instances' invalidations and subscribes. */
  async subscribe(handler: (selector: InvalidationSelector) => void): Promise<void> {
    this.handler = handler;
    await this.channel.subscribe();
  }

  /** Announcements waiting for Redis to come back (for tests and diagnostics). */
  get pendingPublishes(): number {
    return this.pending.size;
  }

  private async send(selector: InvalidationSelector): Promise<void> {
    const message: InvalidationMessage = { origin: this.origin, selector };
    await this.connection.command.publish(this.channel.name, JSON.stringify(message));
  }

  private receive(raw: string): void {
    const message = parseMessage(raw);
    if (!message || message.origin === this.origin) return;
    this.handler?.(message.selector);
  }
}

/** Accepts only well-formed messages: a foreign or corrupted payload must not drop the wrong keys or throw. */
function parseMessage(raw: string): InvalidationMessage | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== "object" || value === null) return undefined;
    const { origin, selector } = value as { origin?: unknown; selector?: unknown };
    if (typeof origin !== "string" || typeof selector !== "object" || selector === null) return undefined;
    const { all, userId, section } = selector as Record<string, unknown>;
    const clean: InvalidationSelector = {};
    if (all === true) clean.all = true;
    if (typeof userId === "string") clean.userId = userId;
    if (isSectionName(section)) clean.section = section;
    if (!clean.all && clean.userId === undefined && clean.section === undefined) return undefined;
    return { origin, selector: clean };
  } catch {
    return undefined;
  }
}
