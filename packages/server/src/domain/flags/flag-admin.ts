import type { FlagActor, FlagChange, FlagRepository } from "../../data-access/flag-repository.js";
import { AppError } from "../../errors/app-error.js";
import type { FlagDefinition, FlagSettings } from "../../vocabulary/feature-flags.js";
import { settingsIssues } from "./flag-rules.js";
import type { FlagStore } from "./flag-store.js";

/** A JSON merge patch of a flag's settings (`rules` is replaced whole). */
export type FlagSettingsPatch = Partial<FlagSettings>;

/** The admin API's use cases over the built-in provider's flags. */
export interface FlagAdmin {
  /** Which provider evaluates flags (`builtin`, `memory` or a module's provider name). */
  readonly provider: string;
  list(): Promise<FlagDefinition[]>;
  /** One flag; 404 when unknown. */
  get(key: string): Promise<FlagDefinition>;
  /**
   * Applies `patch` if the flag is still at `expectedVersion` (from the
   * caller's If-Match): 404 unknown, 422 invalid values, 412 stale, 409 when
   * another provider evaluates flags. Audited; every instance reloads.
   */
  update(key: string, expectedVersion: number, patch: FlagSettingsPatch, actor: FlagActor): Promise<FlagDefinition>;
  /** A flag's audit trail, newest first; 404 when the flag is unknown. */
  history(key: string, limit: number): Promise<FlagChange[]>;
}

/** Options for {@link createFlagAdmin}. */
export interface FlagAdminOptions {
  repository: FlagRepository;
  /** The built-in provider's store; absent when another provider evaluates flags. */
  store?: FlagStore | undefined;
  provider: string;
}

/** The strong ETag of a flag's version, for `ETag` and `If-Match`. */
export const flagEtag = (flag: Pick<FlagDefinition, "version">): string => `"${flag.version}"`;

/** Creates the flag admin use cases. */
export function createFlagAdmin({ repository, store, provider }: FlagAdminOptions): FlagAdmin {
  const get = async (key: string) => {
    const flag = await repository.get(key);
    if (!flag) throw new AppError(404, `No feature flag "${key}".`);
    return flag;
  };
  return {
    provider,
    list: () => repository.list(),
    get,
    async update(key, expectedVersion, patch, actor) {
      if (!store) {
        throw new AppError(409, `Flags are evaluated by the "${provider}" provider; change them there (the built-in table is not consulted).`);
      }
      const current = await get(key);
      const settings: FlagSettings = {
        enabled: patch.enabled ?? current.enabled,
        offValue: patch.offValue ?? current.offValue,
        defaultValue: patch.defaultValue ?? current.defaultValue,
        rules: patch.rules ?? current.rules,
      };
      const issues = settingsIssues(current, settings);
      if (issues.length > 0) throw new AppError(422, `The settings do not fit flag "${key}".`, { errors: issues });
      const result = await repository.update(key, expectedVersion, settings, actor);
      if (result.outcome === "not-found") throw new AppError(404, `No feature flag "${key}".`);
      if (result.outcome === "stale") {
        throw new AppError(412, `Flag "${key}" changed since you read it (now version ${result.flag.version}); read it again and reapply your change.`, {
          headers: { ETag: flagEtag(result.flag) },
        });
      }
      await store.changed();
      return result.flag;
    },
    async history(key, limit) {
      await get(key);
      return repository.history(key, limit);
    },
  };
}
