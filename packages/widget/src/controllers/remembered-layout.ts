import type { ReactiveController, ReactiveControllerHost } from "lit";
import { recallLayout, rememberLayout } from "../layout/layout-memory.js";
import type { IntroPage, Personalization } from "../page-model.js";

/** What the controller reads from its host. */
export interface RememberedLayoutOptions {
  userId(): string | undefined;
  page(): IntroPage | undefined;
}

/**
 * The user's layout while their page is loading: the one their last page in
 * this browser had, so the skeletons stand where the sections will arrive.
 * After each update that shows a page, that page's layout is remembered.
 */
export class RememberedLayout implements ReactiveController {
  private recalled: { userId: string; layout: Personalization["layout"] | undefined } | undefined;

  constructor(
    host: ReactiveControllerHost,
    private readonly options: RememberedLayoutOptions,
  ) {
    host.addController(this);
  }

  /** The remembered layout of the current user, if any (read from storage once per user). */
  get layout(): Personalization["layout"] | undefined {
    const userId = this.options.userId();
    if (!userId) return undefined;
    if (this.recalled?.userId !== userId) this.recalled = { userId, layout: recallLayout(userId) };
    return this.recalled.layout;
  }

  hostUpdated(): void {
    const userId = this.options.userId();
    const layout = this.options.page()?.sections.personalization?.data?.layout;
    // Written only when it changed: most updates (polls, the clock) show the same layout.
    if (!userId || !layout || (this.recalled?.userId === userId && this.recalled.layout === layout)) return;
    this.recalled = { userId, layout };
    rememberLayout(userId, layout);
  }
}
