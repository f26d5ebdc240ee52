import type { ReactiveController, ReactiveControllerHost } from "lit";

/** What the controller reads from its host. */
export interface LoadMarksOptions {
  /** True while skeletons are shown. */
  loading(): boolean;
  /** True once content is shown. */
  loaded(): boolean;
  /** Resolves once the sections of the last update have rendered too (their first render comes a task later). */
  rendered?(): Promise<unknown>;
}

/**
 * Sets the User Timing marks `intro-page:skeleton` and `intro-page:content`
 * once per load (again after the user changes), right after the update that
 * put skeletons, then content, into the DOM, sections included, and always
 * in that order. Benchmarks and real-user monitoring read them
 * (perf/page-load.mjs).
 */
export class LoadMarks implements ReactiveController {
  private skeleton = false;
  /** The last mark set or about to be; the next one waits for it. */
  private marked: Promise<unknown> = Promise.resolve();

  constructor(
    host: ReactiveControllerHost,
    private readonly options: LoadMarksOptions,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    // `performance.mark` is missing in some embedded runtimes: the marks are diagnostics, never a reason to fail.
    if (this.options.loading()) {
      if (!this.skeleton) this.markWhenRendered("intro-page:skeleton");
      this.skeleton = true;
    } else if (this.skeleton && this.options.loaded()) {
      this.markWhenRendered("intro-page:content");
      this.skeleton = false;
    }
  }

  private markWhenRendered(name: string): void {
    // A failed render is the page's problem to report, not a reason to stop marking.
    this.marked = this.marked
      .then(() => this.options.rendered?.())
      .catch(() => undefined)
      .then(() => performance.mark?.(name));
  }
}
