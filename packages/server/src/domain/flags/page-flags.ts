import { ProviderEvents, StandardResolutionReasons, type Client, type EvaluationContext, type EvaluationDetails, type FlagValue } from "@openfeature/server-sdk";
import { actionOrderings, type ActionOrdering, type FlagObservation, type FlagObserver } from "../../vocabulary/feature-flags.js";
import { sectionNames, type SectionName } from "../../vocabulary/section-names.js";
import type { FlagSubject } from "./flag-evaluation.js";

/** The flag that shows or hides a section. */
export const sectionFlagKey = (name: SectionName): string => `section.${name}`;

/** The flag that orders open action items. */
export const actionOrderingFlagKey = "actions.ordering";

/** What the flags decide for one user's page. */
export interface PageFlagState {
  /** Sections switched off for this user. */
  hidden: ReadonlySet<SectionName>;
  /** How this user's action items are ordered. */
  actionOrdering: ActionOrdering;
  /** Every flag evaluated and the variant served. */
  observations: readonly FlagObservation[];
}

/** The part of a {@link PageFlagState} one page read needs. */
export interface PageFlagView {
  /** The requested sections the flags leave on, in the order requested. */
  names: SectionName[];
  /** Flag-chosen section variants (`vocabulary/section-variants.ts`), only where not the default. */
  variants: Partial<Record<SectionName, string>>;
  /** The flag state that shaped this page, for its ETag: empty when every flag is at its default. */
  flagState: string;
}

/** Options for {@link PageFlags}. */
export interface PageFlagsOptions {
  /** An OpenFeature client bound to the configured provider. */
  client: Client;
  /** Told about every flag served. */
  observer?: FlagObserver | undefined;
  /**
   * How long one user's evaluated flags are reused (ms); 0 evaluates on every read.
   * The provider's PROVIDER_CONFIGURATION_CHANGED event drops them at once, so this
   * bounds staleness only for providers that do not announce changes.
   */
  reuseMs: number;
  /** Most users whose flags are kept; past it the memory is cleared. */
  maxEntries?: number;
}

interface Remembered {
  state: PageFlagState;
  until: number;
}

/** The requested sections the flags leave on, their variants and the ETag's flag state. */
export function viewFor(state: PageFlagState, requested: readonly SectionName[]): PageFlagView {
  const ordered = state.actionOrdering !== "priority-first" && requested.includes("actions") && !state.hidden.has("actions");
  if (state.hidden.size === 0 && !ordered) return { names: [...requested], variants: {}, flagState: "" };
  const names = requested.filter((name) => !state.hidden.has(name));
  const off = requested.filter((name) => state.hidden.has(name));
  const variants: Partial<Record<SectionName, string>> = ordered ? { actions: state.actionOrdering } : {};
  const flagState = [off.length > 0 ? `off=${off.join("+")}` : "", ordered ? `actions=${state.actionOrdering}` : ""].filter(Boolean).join(";");
  return { names, variants, flagState };
}

/**
 * Reasons that say the value was not evaluated against the context
 * (OpenFeature's STATIC: no dynamic evaluation; DISABLED: the flag is off),
 * so every subject gets the same. DEFAULT is not one: a provider also
 * answers it when targeting rules ran and none matched.
 */
const sameForEveryone: ReadonlySet<string | undefined> = new Set([StandardResolutionReasons.STATIC, StandardResolutionReasons.DISABLED]);

/**
 * Evaluates the page's flags through OpenFeature for one user: a flag per
 * section (off hides it) and the ordering of action items. OpenFeature's
 * evaluation path (hooks, context merging, promises) costs far more than a
 * cached page read, so each user's result is reused until the provider
 * announces a configuration change (or `reuseMs` passes); the flag metric
 * still counts every read. When the provider answers every one of the
 * page's flags as the same for everyone (no targeting rules: the usual
 * state), that answer is reused for every user in the same way, so a user's
 * first page read costs no evaluation either.
 */
export class PageFlags {
  private readonly remembered = new Map<string, Remembered>();
  private everyone: Remembered | undefined;
  private generation = 0;
  private readonly maxEntries: number;

  constructor(private readonly options: PageFlagsOptions) {
    this.maxEntries = options.maxEntries ?? 50_000;
    options.client.addHandler(ProviderEvents.ConfigurationChanged, () => this.forget());
  }

  /** The flags for `subject`'s page. Never rejects: a failing provider yields OpenFeature's defaults (everything on). */
  async evaluate(subject: FlagSubject): Promise<PageFlagState> {
    const now = this.options.reuseMs > 0 ? Date.now() : 0;
    // The shared answer first: then a poll builds no per-user key.
    if (this.everyone && this.everyone.until > now) return this.served(this.everyone.state);
    const key = `${subject.userId ?? ""}\n${subject.roles?.join(",") ?? ""}\n${subject.locale ?? ""}`;
    const known = this.remembered.get(key);
    if (known && known.until > now) return this.served(known.state);
    const generation = this.generation;
    const { state, forEveryone } = await this.evaluateNow(subject);
    if (this.options.reuseMs > 0 && generation === this.generation) {
      const remembered = { state, until: now + this.options.reuseMs };
      if (forEveryone) this.everyone = remembered;
      else {
        if (this.remembered.size >= this.maxEntries) this.remembered.clear();
        this.remembered.set(key, remembered);
      }
    }
    return this.served(state);
  }

  /** Tells the observer about every flag of `state` (each read is counted) and returns it. */
  private served(state: PageFlagState): PageFlagState {
    this.options.observer?.(state.observations);
    return state;
  }

  /** Drops every remembered evaluation (flags changed). */
  forget(): void {
    this.generation++;
    this.everyone = undefined;
    this.remembered.clear();
  }

  private async evaluateNow(subject: FlagSubject): Promise<{ state: PageFlagState; forEveryone: boolean }> {
    const { client } = this.options;
    const context: EvaluationContext = {
      ...(subject.userId === undefined ? {} : { targetingKey: subject.userId }),
      ...(subject.roles === undefined ? {} : { roles: [...subject.roles] }),
      ...(subject.locale === undefined ? {} : { locale: subject.locale }),
    };
    const [ordering, ...sections] = await Promise.all([
      client.getStringDetails(actionOrderingFlagKey, "priority-first", context),
      ...sectionNames.map((name) => client.getBooleanDetails(sectionFlagKey(name), true, context)),
    ]);
    const actionOrdering = (actionOrderings as readonly string[]).includes(ordering.value) ? (ordering.value as ActionOrdering) : "priority-first";
    const hidden = new Set(sectionNames.filter((_, i) => !sections[i]!.value));
    const evaluations: EvaluationDetails<FlagValue>[] = [ordering, ...sections];
    const observations = evaluations.map((details) => ({
      flag: details.flagKey,
      variant: details.variant ?? String(details.value),
    }));
    return { state: { hidden, actionOrdering, observations }, forEveryone: evaluations.every((details) => sameForEveryone.has(details.reason)) };
  }
}
