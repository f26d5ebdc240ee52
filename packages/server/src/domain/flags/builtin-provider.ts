import {
  ErrorCode,
  OpenFeatureEventEmitter,
  ProviderEvents,
  type EvaluationContext,
  type JsonValue,
  type Provider,
  type ResolutionDetails,
} from "@openfeature/server-sdk";
import type { FlagKind, FlagValue } from "../../vocabulary/feature-flags.js";
import { evaluateFlag, type FlagSubject } from "./flag-evaluation.js";
import type { FlagStore } from "./flag-store.js";

/**
 * The subject of an OpenFeature evaluation context: `targetingKey` is the
 * user id, `roles` a list of role names, `locale` a BCP 47 tag.
 */
export function subjectOf(context: EvaluationContext | undefined): FlagSubject {
  const roles = context?.roles;
  const locale = context?.locale;
  return {
    userId: context?.targetingKey,
    roles: Array.isArray(roles) ? roles.filter((role): role is string => typeof role === "string") : undefined,
    locale: typeof locale === "string" ? locale : undefined,
  };
}

/**
 * The built-in OpenFeature provider: flags from our own `feature_flags`
 * table, held in memory by a {@link FlagStore}, with targeting by user id,
 * role and locale and percentage rollouts (domain/flags/flag-evaluation.ts).
 * Resolving a flag reads memory only. A reload that changed flags is
 * announced as PROVIDER_CONFIGURATION_CHANGED, as OpenFeature expects.
 */
export class BuiltinFlagProvider implements Provider {
  readonly metadata = { name: "intro-page-builtin" } as const;
  readonly runsOn = "server" as const;
  readonly events = new OpenFeatureEventEmitter();

  constructor(private readonly store: FlagStore) {
    store.on("changed", (flagsChanged) => this.events.emit(ProviderEvents.ConfigurationChanged, { flagsChanged }));
  }

  /** Resolves a boolean flag. */
  resolveBooleanEvaluation(flagKey: string, defaultValue: boolean, context: EvaluationContext): Promise<ResolutionDetails<boolean>> {
    return Promise.resolve(this.resolve(flagKey, "boolean", defaultValue, context));
  }

  /** Resolves a string flag. */
  resolveStringEvaluation(flagKey: string, defaultValue: string, context: EvaluationContext): Promise<ResolutionDetails<string>> {
    return Promise.resolve(this.resolve(flagKey, "string", defaultValue, context));
  }

  /** The built-in table has no number flags. */
  resolveNumberEvaluation(_flagKey: string, defaultValue: number): Promise<ResolutionDetails<number>> {
    return Promise.resolve(mismatch(defaultValue, "number"));
  }

  /** The built-in table has no object flags. */
  resolveObjectEvaluation<T extends JsonValue>(_flagKey: string, defaultValue: T): Promise<ResolutionDetails<T>> {
    return Promise.resolve(mismatch(defaultValue, "object"));
  }

  /** Stops the store's periodic reload when OpenFeature closes the provider. */
  onClose(): Promise<void> {
    this.store.close();
    return Promise.resolve();
  }

  private resolve<T extends FlagValue>(flagKey: string, kind: FlagKind, defaultValue: T, context: EvaluationContext): ResolutionDetails<T> {
    const flag = this.store.get(flagKey);
    if (!flag) return { value: defaultValue, reason: "ERROR", errorCode: ErrorCode.FLAG_NOT_FOUND, errorMessage: `No flag "${flagKey}".` };
    if (flag.kind !== kind) return mismatch(defaultValue, kind);
    const result = evaluateFlag(flag, subjectOf(context));
    return { value: result.value as T, variant: result.variant, reason: result.reason, flagMetadata: { version: flag.version } };
  }
}

function mismatch<T>(defaultValue: T, kind: string): ResolutionDetails<T> {
  return { value: defaultValue, reason: "ERROR", errorCode: ErrorCode.TYPE_MISMATCH, errorMessage: `The built-in provider has no ${kind} flag of that key.` };
}
