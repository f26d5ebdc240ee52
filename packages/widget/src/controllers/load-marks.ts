import type { ReactiveController, ReactiveControllerHost } from "lit";

/** What the controller reads from its host. */
export interface LoadMarksOptions {
  /** True while skeletons are shown. */
  loading(): boolean;
  /** True once content (or the page error) is shown. */
  settled(): boolean;
}

/** The performance marks, in the page's User Timing: when skeletons first showed, and when content replaced them. */
export const loadMarks = { skeleton: "intro-page:skeleton", content: "intro-page:content" } as const;

/**
 * Sets the `intro-page:skeleton` and `intro-page:content` performance marks
 * once per load (again after the user changes), right after the update that
 * put skeletons, then content, into the DOM. Benchmarks and RUM read them
 * (perf/page-load.mjs).
 */
export class LoadMarks implements ReactiveController {
  private marked: "none" | "skeleton" | "content" = "none";

  constructor(
    host: ReactiveControllerHost,
    private readonly options: LoadMarksOptions,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    if (this.options.loading()) {
      if (this.marked !== "skeleton") mark(loadMarks.skeleton);
      this.marked = "skeleton";
    } else if (this.options.settled() && this.marked === "skeleton") {
      mark(loadMarks.content);
      this.marked = "content";
    }
  }
}

function mark(name: string): void {
  // User Timing is missing in some embedded runtimes; the marks are diagnostics, never a reason to fail.
  globalThis.performance?.mark?.(name);
}
