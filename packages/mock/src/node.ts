// The Node entry: msw/node's request interception around the neutral mock.
import { setupServer } from "msw/node";
import type { SetupServer } from "msw/node";
import { createIntroPageMock } from "./create-intro-page-mock.js";
import type { IntroPageMock, IntroPageMockOptions } from "./create-intro-page-mock.js";

/** A Node server with the mock's handlers, not yet listening, and the mock that controls it. */
export interface IntroPageMockServer {
  /** msw's server; call `listen()` before the requests you want mocked and `close()` after. */
  server: SetupServer;
  /** The mock behind the server: switch scenarios, reset state, stop live mode. */
  mock: IntroPageMock;
}

/**
 * Creates an msw/node server answering every intro-page operation.
 * Call `server.listen()` (e.g. in `beforeAll`) and `server.close()` (in `afterAll`).
 */
export function setupIntroPageMockServer(options: IntroPageMockOptions = {}): IntroPageMockServer {
  const mock = createIntroPageMock(options);
  return { server: setupServer(...mock.handlers), mock };
}

export type { IntroPageMock, IntroPageMockOptions } from "./create-intro-page-mock.js";
