import type { ReactiveController, ReactiveControllerHost } from "lit";

/** What the clock reads from its host. */
export interface ClockOptions {
  /** Milliseconds between ticks right now (a countdown needs 1000, relative times far less often). */
  intervalMs(): number;
}

/**
 * The time the host renders relative times and countdowns against. It ticks
 * (updating `now` and requesting a host update) while the host is connected
 * and the tab is visible, and catches up at once when the tab shows again, so
 * "loaded 31 seconds ago" and "trying again in 8 seconds" stay true without
 * spending anything in a hidden tab.
 */
export class Clock implements ReactiveController {
  /** The time of the last tick, in milliseconds since the epoch. */
  now = Date.now();

  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The interval the running timer was set with. */
  private scheduledMs: number | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: ClockOptions,
  ) {
    host.addController(this);
  }

  /** Starts ticking (unless the tab is hidden). */
  hostConnected(): void {
    document.addEventListener("visibilitychange", this.handleVisibility);
    this.handleVisibility();
  }

  /** Stops ticking: a detached widget keeps no timer. */
  hostDisconnected(): void {
    document.removeEventListener("visibilitychange", this.handleVisibility);
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /**
   * Before each host render: reads the time, so whatever triggered the update
   * renders against the present, and re-times the ticks when the host now needs
   * a different pace (a countdown began or ended).
   */
  hostUpdate(): void {
    this.now = Date.now();
    if (this.timer !== undefined && this.options.intervalMs() !== this.scheduledMs) this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.scheduledMs = this.options.intervalMs();
    this.timer = setTimeout(this.tick, this.scheduledMs);
  }

  private readonly tick = (): void => {
    this.host.requestUpdate();
    this.schedule();
  };

  private readonly handleVisibility = (): void => {
    if (document.hidden) {
      clearTimeout(this.timer);
      this.timer = undefined;
    } else this.tick();
  };
}
