import type { ReactiveController, ReactiveControllerHost } from "lit";

/** What the controller reads from its host. */
export interface LoadMarksOptions {
  /** True while skeletons are shown. */
  loading(): boolean;
  /** True once content is shown. */
  loaded(): boolean;
}

/**
 * Sets the User Timing marks `intro-page:skeleton` and `intro-page:content`
 * once per load (again after the user changes), right after the update that
 * put skeletons, then content, into the DOM. Benchmarks and real-user
 * monitoring read them (perf/page-load.mjs).
 */
export class LoadMarks implements ReactiveController {
  private skeleton = false;

  constructor(
    host: ReactiveControllerHost,
    private readonly options: LoadMarksOptions,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    // `performance.mark` is missing in some embedded runtimes: the marks are diagnostics, never a reason to fail.
    if (this.options.loading()) {
      if (!this.skeleton) performance.mark?.("intro-page:skeleton");
      this.skeleton = true;
    } else if (this.skeleton && this.options.loaded()) {
      performance.mark?.("intro-page:content");
      this.skeleton = false;
    }
  }
}
