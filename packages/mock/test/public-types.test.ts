import type { RequestHandler } from "msw";
import { describe, expect, expectTypeOf, it } from "vitest";
import { createIntroPageMock, createMockToken } from "../src/index.js";
import type { IntroPageMockOptions, ScenarioName } from "../src/index.js";
import { operations } from "../src/generated/contract.js";

describe("public types", () => {
  it("when handlers are passed to msw, then they type as request handlers", () => {
    const mock = createIntroPageMock();
    expectTypeOf(mock.handlers).toExtend<RequestHandler[]>();
    expectTypeOf(mock.scenario).toEqualTypeOf<ScenarioName>();
    // One handler per operation in the contract.
    expect(mock.handlers.length).toBe(Object.keys(operations).length);
  });

  it("when a scenario, role or option is misspelled, then TypeScript rejects it", () => {
    const mock = createIntroPageMock();
    // @ts-expect-error "chaos" is not a scenario
    expect(() => mock.setScenario("chaos")).toThrow(TypeError);
    // @ts-expect-error "root" is not a role
    expect(createMockToken({ sub: "demo", roles: ["root"] })).toMatch(/\.$/);
    // @ts-expect-error live takes an interval, not a boolean true
    const options: IntroPageMockOptions = { live: true };
    expect(options.live).toBe(true);
  });
});
