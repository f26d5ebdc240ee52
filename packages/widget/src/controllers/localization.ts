import type { ReactiveController, ReactiveControllerHost } from "lit";
import { catalogueKey, loadCatalogue, loadedCatalogue } from "../i18n/catalogues.js";
import en from "../i18n/locales/en.js";
import type { MessageOverrides, Messages } from "../i18n/messages.js";
import { sameArgs } from "./host-args.js";

/** What the localization reads from its host each time the host updates. */
export interface LocalizationOptions {
  /** The page's locale (BCP 47), or `undefined` for English. */
  locale(): string | undefined;
  /** The host's own strings, laid over the built-in catalogue. */
  overrides(): MessageOverrides | undefined;
}

/**
 * The message catalogue the host renders with. In `hostUpdate()` it picks the
 * built-in catalogue for the locale; one that is not loaded yet is imported
 * (its own chunk) while the current one stays on screen, and the host updates
 * again when it arrives. A host's overrides are laid over whichever is used.
 */
export class Localization implements ReactiveController {
  /** The catalogue to render with right now. */
  messages: Messages = en;

  private args: readonly unknown[] | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: LocalizationOptions,
  ) {
    host.addController(this);
  }

  /** Before each host render: switches catalogue when the locale or the overrides changed. */
  hostUpdate(): void {
    const key = catalogueKey(this.options.locale());
    const overrides = this.options.overrides();
    const args = [key, overrides];
    if (sameArgs(this.args, args)) return;
    this.args = args;
    const ready = loadedCatalogue(key);
    if (ready) {
      this.messages = overrides ? { ...ready, ...overrides } : ready;
      return;
    }
    void loadCatalogue(key).then(() => {
      // Take effect at the next update, unless the locale changed again meanwhile.
      if (this.args === args) this.args = undefined;
      this.host.requestUpdate();
    });
  }
}
