import { InMemoryProvider, OpenFeature, type EvaluationContext, type Provider } from "@openfeature/server-sdk";
import { afterEach, describe, expect, it } from "vitest";
import { actionOrderingFlagKey, PageFlags, sectionFlagKey } from "./page-flags.js";

type Flags = NonNullable<ConstructorParameters<typeof InMemoryProvider>[0]>;

/** Every page flag on, actions in priority order; `overrides` replaces single flags. */
function pageFlagConfig(overrides: Flags = {}): Flags {
  const on = { variants: { on: true, off: false }, defaultVariant: "on", disabled: false };
  return {
    [actionOrderingFlagKey]: { variants: { "priority-first": "priority-first", "due-first": "due-first" }, defaultVariant: "priority-first", disabled: false },
    ...Object.fromEntries(["statistics", "actions", "activity", "personalization", "system"].map((name) => [sectionFlagKey(name as never), on])),
    ...overrides,
  };
}

/** OpenFeature's in-memory provider, counting the contexts it is asked to evaluate. */
class CountingProvider extends InMemoryProvider {
  readonly subjects: Array<string | undefined> = [];

  override resolveBooleanEvaluation(flagKey: string, defaultValue: boolean, context?: EvaluationContext) {
    this.subjects.push(context?.targetingKey);
    return super.resolveBooleanEvaluation(flagKey, defaultValue, context);
  }
}

let domain = 0;
async function pageFlagsOver(provider: Provider, reuseMs = 60_000) {
  const name = `page-flags-test-${++domain}`;
  await OpenFeature.setProviderAndWait(name, provider);
  const observed: string[][] = [];
  const flags = new PageFlags({ client: OpenFeature.getClient(name), reuseMs, observer: (observations) => observed.push(observations.map((o) => `${o.flag}=${o.variant}`)) });
  return { flags, observed };
}

afterEach(async () => {
  await OpenFeature.clearProviders();
});

describe("PageFlags", () => {
  it("when every page flag is the same for everyone (STATIC), then a new user's flags reuse the first evaluation and every read is still observed", async () => {
    const provider = new CountingProvider(pageFlagConfig());
    const { flags, observed } = await pageFlagsOver(provider);
    const first = await flags.evaluate({ userId: "alice" });
    const evaluated = provider.subjects.length;
    expect(evaluated).toBe(5);
    const second = await flags.evaluate({ userId: "bob", roles: ["user"], locale: "de" });
    expect(provider.subjects).toHaveLength(evaluated);
    expect(second).toBe(first);
    expect(observed).toHaveLength(2);
    expect(observed[1]).toEqual(observed[0]);
  });

  it("when one flag targets users, then each new user is evaluated and gets their own answer", async () => {
    const provider = new CountingProvider(
      pageFlagConfig({
        [sectionFlagKey("system")]: { variants: { on: true, off: false }, defaultVariant: "on", disabled: false, contextEvaluator: (context) => (context.targetingKey === "bob" ? "off" : "on") },
      }),
    );
    const { flags } = await pageFlagsOver(provider);
    expect((await flags.evaluate({ userId: "alice" })).hidden.has("system")).toBe(false);
    expect((await flags.evaluate({ userId: "bob" })).hidden.has("system")).toBe(true);
    expect(new Set(provider.subjects)).toEqual(new Set(["alice", "bob"]));
    // Each user's answer is still reused for that user.
    const evaluated = provider.subjects.length;
    expect((await flags.evaluate({ userId: "bob" })).hidden.has("system")).toBe(true);
    expect(provider.subjects).toHaveLength(evaluated);
  });

  it("when the provider announces a configuration change, then the shared answer is dropped and the next user gets the new flags", async () => {
    const provider = new CountingProvider(pageFlagConfig());
    const { flags } = await pageFlagsOver(provider);
    expect((await flags.evaluate({ userId: "alice" })).hidden.size).toBe(0);
    await provider.putConfiguration(pageFlagConfig({ [sectionFlagKey("system")]: { variants: { on: true, off: false }, defaultVariant: "off", disabled: false } }));
    expect([...(await flags.evaluate({ userId: "bob" })).hidden]).toEqual(["system"]);
    expect([...(await flags.evaluate({ userId: "carol" })).hidden]).toEqual(["system"]);
  });

  it("when a flag is disabled, then its off value is the same for everyone and reused too", async () => {
    const provider = new CountingProvider(pageFlagConfig({ [sectionFlagKey("activity")]: { variants: { on: true, off: false }, defaultVariant: "on", disabled: true } }));
    const { flags } = await pageFlagsOver(provider);
    const first = await flags.evaluate({ userId: "alice" });
    const evaluated = provider.subjects.length;
    expect(await flags.evaluate({ userId: "bob" })).toBe(first);
    expect(provider.subjects).toHaveLength(evaluated);
  });

  it("when reuse is switched off (reuseMs 0), then every read evaluates", async () => {
    const provider = new CountingProvider(pageFlagConfig());
    const { flags } = await pageFlagsOver(provider, 0);
    await flags.evaluate({ userId: "alice" });
    await flags.evaluate({ userId: "alice" });
    expect(provider.subjects).toHaveLength(10);
  });
});
