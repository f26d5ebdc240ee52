import { randomUUID } from "node:crypto";
import { isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { InMemoryProvider, NOOP_PROVIDER, OpenFeature, type Provider } from "@openfeature/server-sdk";
import type { Logger } from "pino";
import type { FlagChangeBus } from "../cache/ports.js";
import type { Config } from "../config/config.js";
import type { FlagRepository } from "../data-access/flag-repository.js";
import { BuiltinFlagProvider } from "../domain/flags/builtin-provider.js";
import { createFlagAdmin, type FlagAdmin } from "../domain/flags/flag-admin.js";
import { FlagStore } from "../domain/flags/flag-store.js";
import { PageFlags } from "../domain/flags/page-flags.js";
import type { FlagObserver } from "../vocabulary/feature-flags.js";

/** The feature-flag parts of one server. */
export interface FeatureFlags {
  /** Evaluates a page's flags through OpenFeature. */
  pageFlags: PageFlags;
  /** The admin API's use cases. */
  admin: FlagAdmin;
  /** Detaches the provider (OpenFeature closes it) and stops reloading. */
  close(): Promise<void>;
}

/** What {@link startFeatureFlags} needs. */
export interface FeatureFlagDeps {
  config: Pick<Config, "FLAG_PROVIDER" | "FLAG_MEMORY_FLAGS" | "FLAG_REFRESH_S" | "FLAG_REUSE_MS">;
  repository: FlagRepository;
  /** Cross-instance flag-change announcements (Redis); absent in single-instance mode. */
  bus?: FlagChangeBus | undefined;
  observer?: FlagObserver | undefined;
  logger?: Logger | undefined;
}

/** `FLAG_PROVIDER` as a module specifier: paths are resolved against the working directory, package names kept. */
const moduleSpecifier = (value: string) => (value.startsWith(".") || isAbsolute(value) ? pathToFileURL(resolve(value)).href : value);

/** Loads a provider module: its default export is a provider, or a (possibly async) function of the config returning one. */
async function loadProviderModule(specifier: string, config: FeatureFlagDeps["config"]): Promise<Provider> {
  const loaded = (await import(moduleSpecifier(specifier))) as { default?: unknown };
  const exported = loaded.default;
  const provider = (typeof exported === "function" ? await (exported as (config: unknown) => unknown)(config) : exported) as Provider | undefined;
  if (!provider || typeof provider.resolveBooleanEvaluation !== "function") {
    throw new Error(`FLAG_PROVIDER module "${specifier}" does not export an OpenFeature provider (or a function returning one) as its default export`);
  }
  return provider;
}

/**
 * Chooses the OpenFeature provider by `FLAG_PROVIDER` and binds it to a
 * domain of its own (OpenFeature's API is a process-wide singleton; several
 * servers in one process, as in tests, must not share a provider). The
 * built-in provider loads its table before this resolves, so the first
 * request already sees the stored flags.
 */
export async function startFeatureFlags(deps: FeatureFlagDeps): Promise<FeatureFlags> {
  const { config, repository, logger } = deps;
  let store: FlagStore | undefined;
  let provider: Provider;
  if (config.FLAG_PROVIDER === "builtin") {
    store = new FlagStore({ repository, bus: deps.bus, refreshMs: config.FLAG_REFRESH_S * 1000, logger });
    await store.start();
    provider = new BuiltinFlagProvider(store);
  } else if (config.FLAG_PROVIDER === "memory") {
    provider = new InMemoryProvider(config.FLAG_MEMORY_FLAGS as ConstructorParameters<typeof InMemoryProvider>[0]);
  } else {
    provider = await loadProviderModule(config.FLAG_PROVIDER, config);
  }
  const domain = `intro-page-${randomUUID()}`;
  await OpenFeature.setProviderAndWait(domain, provider);
  const name = config.FLAG_PROVIDER === "builtin" || config.FLAG_PROVIDER === "memory" ? config.FLAG_PROVIDER : provider.metadata.name;
  logger?.info({ provider: name }, "feature flags ready");
  const pageFlags = new PageFlags({ client: OpenFeature.getClient(domain), observer: deps.observer, reuseMs: config.FLAG_REUSE_MS });
  return {
    pageFlags,
    admin: createFlagAdmin({ repository, store, provider: name }),
    async close() {
      store?.close();
      await OpenFeature.setProviderAndWait(domain, NOOP_PROVIDER);
    },
  };
}
