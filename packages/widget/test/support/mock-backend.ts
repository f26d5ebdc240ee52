/**
 * The API the browser tests talk to: @intro-page/mock's handlers answered in
 * the page. The SDK client gets a `fetch` that hands each request to msw's
 * `getResponse`, so requests go through the real SDK (auth, ETags, retries,
 * errors) and the real mock, with no Service Worker to register and no port
 * shared between parallel test files. A network-error response (the "offline"
 * scenario) becomes the TypeError a real fetch throws.
 */
import { createIntroPageMock, createMockToken } from "@intro-page/mock";
import type { IntroPageMock, IntroPageMockOptions, MockRole } from "@intro-page/mock";
import { createIntroPageClient } from "@intro-page/sdk";
import type { IntroPageClient } from "@intro-page/sdk";
import { getResponse } from "msw";

/** The origin the tests pretend the API lives at; the mock's handlers match any origin. */
export const apiBaseUrl = "https://api.intro-page.test";

/** One request the backend answered. */
export interface LoggedRequest {
  method: string;
  path: string;
  /** 0 for a network error. */
  status: number;
}

/** A mock API plus an SDK client wired to it. */
export interface MockBackend {
  mock: IntroPageMock;
  /** A client authenticated as the test user, to hand to `<intro-page>`. */
  client: IntroPageClient;
  /** The in-page fetch that answers from the mock. */
  fetch: typeof fetch;
  /** Every request answered so far, in order. */
  log: LoggedRequest[];
  /** How many times the client asked for a token. */
  tokenCalls(): number;
  /** Holds every later response until the returned function is called (to observe optimistic states). */
  hold(): () => void;
  /** A client with another identity, e.g. a `service` that posts events. */
  clientAs(sub: string, roles: MockRole[]): IntroPageClient;
}

/** Options of {@link createMockBackend}. */
export interface MockBackendOptions extends IntroPageMockOptions {
  /** The signed-in user; default `demo`. */
  userId?: string;
}

export function createMockBackend({ userId = "demo", ...options }: MockBackendOptions = {}): MockBackend {
  const mock = createIntroPageMock(options);
  const log: LoggedRequest[] = [];
  let gate: Promise<void> | undefined;
  let tokenCalls = 0;

  const fetchFromMock: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const response = await getResponse(mock.handlers, request);
    await gate;
    const path = new URL(request.url).pathname + new URL(request.url).search;
    if (!response) throw new TypeError(`No mock handler for ${request.method} ${path}`);
    if (response.type === "error") {
      log.push({ method: request.method, path, status: 0 });
      throw new TypeError("Failed to fetch");
    }
    log.push({ method: request.method, path, status: response.status });
    return response;
  };

  const clientAs = (sub: string, roles: MockRole[], countTokens = false): IntroPageClient =>
    createIntroPageClient({
      baseUrl: apiBaseUrl,
      fetch: fetchFromMock,
      tokenProvider: () => {
        if (countTokens) tokenCalls += 1;
        return createMockToken({ sub, roles });
      },
      // Keep retries quick so error states show within a test's time budget.
      retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 20 },
    });

  return {
    mock,
    client: clientAs(userId, ["user"], true),
    fetch: fetchFromMock,
    log,
    tokenCalls: () => tokenCalls,
    hold() {
      let release = () => {};
      gate = new Promise<void>((resolve) => {
        release = () => {
          gate = undefined;
          resolve();
        };
      });
      return release;
    },
    clientAs: (sub, roles) => clientAs(sub, roles),
  };
}
