import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { PageWrites } from "../../domain/page-writes.js";

/** What the demo page shows about the switch. */
export interface LiveActivityState {
  enabled: boolean;
  /** The user whose page receives the events while enabled. */
  userId?: string;
  /** Time between two events (ms). */
  intervalMs: number;
  /** When the switch turns itself off (ISO 8601), while enabled. */
  until?: string;
}

export interface LiveActivityOptions {
  writes: Pick<PageWrites, "ingestEvents">;
  logger: Pick<Logger, "warn">;
  /** Time between two events (ms). */
  intervalMs: number;
  /** The switch turns itself off after this long (ms), so a forgotten tab cannot fill the database. */
  maxRunMs: number;
}

/** Who "does" things in the generated events: the other demo users. */
const actors = [
  { id: "alice", name: "Alice Moreau" },
  { id: "bob", name: "Bob Okafor" },
  { id: "carol", name: "Carol Nguyen" },
  { id: "dave", name: "Dave Schmidt" },
];
const happenings = [
  { verb: "commented", object: { type: "document", title: "Launch checklist" } },
  { verb: "shared", object: { type: "document", title: "Quarterly roadmap" } },
  { verb: "mentioned", object: { type: "thread", title: "Release notes draft" } },
  { verb: "approved", object: { type: "request", title: "Design review" } },
];

/**
 * The demo page's live-activity switch (demo mode only): while on, posts an
 * activity event for one demo user every `intervalMs` through the same
 * write path as `POST /api/v1/events`, so the widget's live updates can be
 * watched. One switch per server; it turns itself off after `maxRunMs`
 * and on `close()` (server shutdown, before the database closes).
 */
export class LiveActivity {
  private timer: NodeJS.Timeout | undefined;
  private stopTimer: NodeJS.Timeout | undefined;
  private userId: string | undefined;
  private until: Date | undefined;
  /** The event being written, if any: the next one is scheduled only after it, so writes never pile up. */
  private inFlight: Promise<void> | undefined;
  private count = 0;
  /** Bumped by every start and stop, so a superseded run schedules nothing (two quick starts never make two loops). */
  private run = 0;

  constructor(private readonly options: LiveActivityOptions) {}

  state(): LiveActivityState {
    const { intervalMs } = this.options;
    return this.userId && this.until ? { enabled: true, userId: this.userId, intervalMs, until: this.until.toISOString() } : { enabled: false, intervalMs };
  }

  /** Starts (or moves) the events to `userId`; the first one is posted at once. */
  async start(userId: string): Promise<LiveActivityState> {
    await this.stop();
    const run = ++this.run;
    this.userId = userId;
    this.until = new Date(Date.now() + this.options.maxRunMs);
    clearTimeout(this.stopTimer);
    this.stopTimer = setTimeout(() => void this.stop(), this.options.maxRunMs);
    // Do not keep a stopping process alive for the demo.
    this.stopTimer.unref();
    this.tick(userId, run);
    return this.state();
  }

  /** Turns the switch off; resolves once no event is being written any more. */
  async stop(): Promise<LiveActivityState> {
    this.run++;
    clearTimeout(this.timer);
    clearTimeout(this.stopTimer);
    this.timer = this.stopTimer = this.userId = this.until = undefined;
    await this.inFlight;
    return this.state();
  }

  close(): Promise<LiveActivityState> {
    return this.stop();
  }

  private tick(userId: string, run: number): void {
    this.inFlight = this.post(userId).finally(() => {
      this.inFlight = undefined;
      if (this.run !== run) return;
      this.timer = setTimeout(() => this.tick(userId, run), this.options.intervalMs);
      this.timer.unref();
    });
  }

  private async post(userId: string): Promise<void> {
    const n = this.count++;
    const actor = actors.filter((candidate) => candidate.id !== userId)[n % (actors.length - 1)]!;
    const happening = happenings[n % happenings.length]!;
    try {
      await this.options.writes.ingestEvents({
        events: [
          {
            type: "activity",
            eventId: `demo-live-${randomUUID()}`,
            userId,
            actor,
            verb: happening.verb,
            object: { ...happening.object, id: `demo_${n % 1000}` },
            occurredAt: new Date().toISOString(),
          },
        ],
      });
    } catch (err) {
      // The database may be busy; the next tick tries again.
      this.options.logger.warn({ err }, "demo live activity: event not stored");
    }
  }
}
