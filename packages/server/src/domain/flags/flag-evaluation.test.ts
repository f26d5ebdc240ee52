import { describe, expect, it } from "vitest";
import type { FlagDefinition } from "../../vocabulary/feature-flags.js";
import { bucketOf, evaluateFlag } from "./flag-evaluation.js";

type Evaluable = Pick<FlagDefinition, "key" | "enabled" | "offValue" | "defaultValue" | "rules">;
const flag = (overrides: Partial<Evaluable> = {}): Evaluable => ({ key: "section.system", enabled: true, offValue: false, defaultValue: true, rules: [], ...overrides });
const ids = Array.from({ length: 10_000 }, (_, i) => `user-${i}`);

describe("bucketOf", () => {
  it("when the same flag and user are hashed twice, then the bucket is the same and within 0–9999", () => {
    for (const id of ids.slice(0, 100)) {
      const bucket = bucketOf("actions.ordering", id);
      expect(bucket).toBe(bucketOf("actions.ordering", id));
      expect(bucket).toBeGreaterThanOrEqual(0);
      expect(bucket).toBeLessThan(10_000);
    }
  });

  it("when two flags hash the same users, then they spread them independently", () => {
    const same = ids.filter((id) => bucketOf("a", id) < 5_000 === bucketOf("b", id) < 5_000).length;
    // Independent halves agree for about half the users; identical hashing would agree for all.
    expect(same / ids.length).toBeGreaterThan(0.45);
    expect(same / ids.length).toBeLessThan(0.55);
  });
});

describe("evaluateFlag", () => {
  it("when a 10% rollout covers 10,000 user ids, then between 9% and 11% of them get the rule's value", () => {
    const rollout = flag({ key: "actions.ordering", offValue: "priority-first", defaultValue: "priority-first", rules: [{ percentage: 10, value: "due-first" }] });
    const share = ids.filter((userId) => evaluateFlag(rollout, { userId }).value === "due-first").length / ids.length;
    console.log(`[flags] 10% rollout over 10,000 ids: ${(share * 100).toFixed(2)}%`);
    expect(share).toBeGreaterThanOrEqual(0.09);
    expect(share).toBeLessThanOrEqual(0.11);
  });

  it("when the percentage grows from 1% to 100%, then nobody already in the rollout ever leaves it", () => {
    let previous = new Set<string>();
    for (const percentage of [1, 5, 10, 10.5, 25, 50, 99.99, 100]) {
      const rollout = flag({ rules: [{ percentage, value: false }] });
      const inRollout = new Set(ids.filter((userId) => evaluateFlag(rollout, { userId }).value === false));
      for (const id of previous) expect(inRollout.has(id)).toBe(true);
      expect(inRollout.size).toBeGreaterThanOrEqual(previous.size);
      previous = inRollout;
    }
    expect(previous.size).toBe(ids.length);
  });

  it("when the flag is on and has no rules, then everyone gets the default, as STATIC (no subject can change it)", () => {
    const plain = flag({ rules: [] });
    for (const subject of [{ userId: "alice" }, { userId: "bob", roles: ["admin"], locale: "de" }, {}]) {
      expect(evaluateFlag(plain, subject)).toEqual({ value: true, variant: "on", reason: "STATIC" });
    }
  });

  it("when the flag is off, then everyone gets the off value and the rules are ignored", () => {
    const off = flag({ enabled: false, rules: [{ match: { userIds: ["alice"] }, value: true }] });
    expect(evaluateFlag(off, { userId: "alice" })).toEqual({ value: false, variant: "off", reason: "DISABLED" });
  });

  it("when rules target user ids, roles and locales, then the first matching rule decides and everyone else gets the default", () => {
    const targeted = flag({
      key: "actions.ordering",
      offValue: "priority-first",
      defaultValue: "priority-first",
      rules: [
        { match: { userIds: ["alice"] }, value: "due-first" },
        { match: { roles: ["admin"], locales: ["de"] }, value: "due-first" },
      ],
    });
    expect(evaluateFlag(targeted, { userId: "alice" })).toMatchObject({ value: "due-first", reason: "TARGETING_MATCH", ruleIndex: 0 });
    expect(evaluateFlag(targeted, { userId: "bob", roles: ["admin"], locale: "de-AT" })).toMatchObject({ value: "due-first", ruleIndex: 1 });
    expect(evaluateFlag(targeted, { userId: "bob", roles: ["admin"], locale: "DE" }).value).toBe("due-first");
    // Both conditions of a rule must hold; "de" does not match "den".
    expect(evaluateFlag(targeted, { userId: "bob", roles: ["admin"], locale: "en-US" }).value).toBe("priority-first");
    expect(evaluateFlag(targeted, { userId: "bob", roles: ["user"], locale: "de" }).value).toBe("priority-first");
    expect(evaluateFlag(targeted, { userId: "bob", roles: ["admin"], locale: "den" })).toMatchObject({ value: "priority-first", reason: "DEFAULT" });
  });

  it("when a caller has no user id, then no percentage rule applies to them", () => {
    expect(evaluateFlag(flag({ rules: [{ percentage: 100, value: false }] }), {}).value).toBe(true);
  });
});
