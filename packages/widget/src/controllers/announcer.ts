import type { ReactiveControllerHost } from "lit";

/**
 * The text of the host's one polite live region. The data controllers share a
 * single announcer so screen readers hear one voice, never two regions talking
 * over each other. It has no lifecycle of its own, so it is a plain helper
 * rather than a registered controller.
 */
export class Announcer {
  /** The latest message; the host renders it in its `aria-live="polite"` region. */
  message = "";

  constructor(private readonly host: ReactiveControllerHost) {}

  /** Puts `message` in the live region at the host's next update. */
  announce(message: string): void {
    // Clearing first makes screen readers repeat a message identical to the last one.
    this.message = "";
    this.host.requestUpdate();
    void this.host.updateComplete.then(() => {
      this.message = message;
      this.host.requestUpdate();
    });
  }
}
