// The environment-neutral entry: no msw/node or msw/browser import may appear here.
export { createIntroPageMock, defaultLatencyMs } from "./create-intro-page-mock.js";
export type { IntroPageMock, IntroPageMockOptions } from "./create-intro-page-mock.js";
export { scenarioNames, isScenarioName } from "./scenarios.js";
export type { ScenarioName } from "./scenarios.js";
export { createMockToken } from "./token.js";
export type { MockRole, MockTokenClaims } from "./token.js";
export { defaultSeed } from "./fixtures/fixture-users.js";
export { optionsFromQuery } from "./options-from-query.js";
