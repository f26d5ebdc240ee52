import { EventEmitter } from "node:events";
import type { Logger } from "pino";
import type { FlagChangeBus } from "../../cache/ports.js";
import type { FlagRepository } from "../../data-access/flag-repository.js";
import type { FlagDefinition } from "../../vocabulary/feature-flags.js";

/** Options for {@link FlagStore}. */
export interface FlagStoreOptions {
  repository: Pick<FlagRepository, "list">;
  /** Cross-instance change announcements; absent in single-instance mode. */
  bus?: FlagChangeBus | undefined;
  /** Reload this often even without an announcement (a safety net for a missed message); 0 turns it off. */
  refreshMs: number;
  logger?: Logger | undefined;
}

/** Events of a {@link FlagStore}. */
export interface FlagStoreEvents {
  /** Flags were added, removed or changed by a reload (their keys). */
  changed: [keys: string[]];
}

/**
 * Every flag of the built-in provider, in memory: read from the table at
 * start, then again whenever a change is announced on the bus (and every
 * `refreshMs` as a safety net), so evaluating a flag never queries the
 * database. Reloads run one at a time; calls during a reload are coalesced
 * into one more.
 */
export class FlagStore extends EventEmitter<FlagStoreEvents> {
  private flags = new Map<string, FlagDefinition>();
  private running: Promise<void> = Promise.resolve();
  private queued: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: FlagStoreOptions) {
    super();
  }

  /** Loads the flags and starts listening for changes. Rejects when the table cannot be read. */
  async start(): Promise<void> {
    await this.reload();
    const { bus, refreshMs, logger } = this.options;
    const reloadOnAnnouncement = () => {
      this.reload().catch((err: unknown) => logger?.warn({ err }, "feature flags reload after an announcement failed"));
    };
    // Not awaited: with Redis unreachable at start the subscription waits for it, and the server must
    // start anyway (the periodic reload covers the gap). Once subscribed, reload once: an announcement
    // may have been sent while the subscription was pending.
    if (bus) Promise.resolve(bus.subscribe(reloadOnAnnouncement)).then(reloadOnAnnouncement, (err: unknown) => logger?.warn({ err }, "feature flag announcements: subscription failed"));
    if (refreshMs > 0) {
      this.timer = setInterval(() => {
        this.reload().catch((err: unknown) => logger?.warn({ err }, "periodic feature flags reload failed"));
      }, refreshMs).unref();
    }
  }

  /** The flag named `key`, as last loaded. */
  get(key: string): FlagDefinition | undefined {
    return this.flags.get(key);
  }

  /** Re-reads the table; emits `changed` with the keys whose version changed. */
  reload(): Promise<void> {
    if (this.queued) return this.queued;
    const next = this.running.then(() => {
      this.queued = undefined;
      return this.load();
    });
    this.queued = next;
    this.running = next.catch(() => undefined);
    return next;
  }

  /** After a change made here: reload, then tell the other instances to do the same. */
  async changed(): Promise<void> {
    await this.reload();
    await this.options.bus?.publish().catch((err: unknown) => this.options.logger?.warn({ err }, "feature flag change announcement failed"));
  }

  /** Stops the periodic reload. */
  close(): void {
    clearInterval(this.timer);
  }

  private async load(): Promise<void> {
    const loaded = new Map((await this.options.repository.list()).map((flag) => [flag.key, flag]));
    const keys = new Set([...loaded.keys(), ...this.flags.keys()]);
    const changed = [...keys].filter((key) => loaded.get(key)?.version !== this.flags.get(key)?.version);
    this.flags = loaded;
    if (changed.length > 0) this.emit("changed", changed);
  }
}
