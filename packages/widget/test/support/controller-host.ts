/**
 * A bare Lit element to hang one controller on, so a controller's tests need
 * no `<intro-page>`: the host holds the values the controllers read, and the
 * test changes them as a component's properties would change.
 */
import { fixture, html } from "@open-wc/testing";
import type { IntroPageClient } from "@intro-page/sdk";
import { LitElement, nothing } from "lit";
import { property } from "lit/decorators.js";
import type { IntroPageError } from "@intro-page/sdk";
import type { UserSource } from "../../src/controllers/host-args.js";
import en from "../../src/i18n/locales/en.js";
import type { Messages } from "../../src/i18n/messages.js";
import type { IntroPage, SectionName } from "../../src/page-model.js";

/** The minimal host: reactive properties only, renders nothing. */
export class ControllerHost extends LitElement {
  @property({ attribute: false }) client: IntroPageClient | undefined;
  @property({ attribute: false }) userId = "";
  @property({ attribute: false }) sections: SectionName[] | undefined;
  @property({ attribute: false }) pollIntervalMs = 0;
  /** The page a controller that shows page data reads (the loader's, in `<intro-page>`). */
  @property({ attribute: false }) page: IntroPage | undefined;
  /** Everything controllers asked to announce, in order. */
  readonly announced: string[] = [];
  /** Every load outcome a loader reported: "answered", or the failed error's kind and status. */
  readonly outcomes: string[] = [];

  protected override render(): typeof nothing {
    return nothing;
  }

  /** The host's client and user, as the controllers read them. */
  get user(): UserSource {
    return { client: () => this.client, userId: () => this.userId || undefined };
  }

  /** The catalogue controllers word their messages in. */
  readonly messages = (): Messages => en;

  /** Records that the service answered a load. */
  readonly answered = (): void => {
    this.outcomes.push("answered");
  };

  /** Records a failed load. */
  readonly failed = (error: IntroPageError): void => {
    this.outcomes.push(`${error.kind} ${error.status ?? ""}`.trim());
  };

  /** Records an announcement instead of speaking it. */
  readonly announce = (message: string): void => {
    this.announced.push(message);
  };
}
customElements.define("controller-test-host", ControllerHost);

/** Mounts an empty host; set its properties, then add a controller. */
export function mountHost(): Promise<ControllerHost> {
  return fixture<ControllerHost>(html`<controller-test-host></controller-test-host>`);
}
