// Starts the mock with msw/node and talks to it through real `fetch`,
// checking every response against openapi.yaml on the way.
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { createMockToken } from "../../src/index.js";
import type { IntroPageMockOptions } from "../../src/index.js";
import { setupIntroPageMockServer } from "../../src/node.js";
import { contractViolations } from "./contract.js";

/** The origin tests call; any origin works because handlers match `*`. */
export const origin = "http://intro-page.test";

/** Bearer headers for the identities tests use. */
export const as = {
  demo: { authorization: `Bearer ${createMockToken({ sub: "demo" })}` },
  alice: { authorization: `Bearer ${createMockToken({ sub: "alice" })}` },
  newUser: { authorization: `Bearer ${createMockToken({ sub: "new-user" })}` },
  ghost: { authorization: `Bearer ${createMockToken({ sub: "ghost" })}` },
  admin: { authorization: `Bearer ${createMockToken({ sub: "ops", roles: ["admin"] })}` },
  service: { authorization: `Bearer ${createMockToken({ sub: "backend", roles: ["service"] })}` },
  expired: { authorization: `Bearer ${createMockToken({ sub: "demo", exp: 1_000_000 })}` },
  nobody: {},
} satisfies Record<string, Record<string, string>>;

/** Registers msw/node around the current test file and returns a contract-checked `fetch`. */
export function useMockApi(options: IntroPageMockOptions = {}) {
  const { server, mock } = setupIntroPageMockServer(options);
  beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
  afterEach(() => mock.reset());
  afterAll(() => {
    mock.stopLive();
    server.close();
  });

  /** Calls the mock; fails the test when the response breaks the contract. Returns the response and its parsed body. */
  async function call(method: string, path: string, init: { headers?: Record<string, string>; body?: unknown; contentType?: string } = {}) {
    const url = `${origin}${path}`;
    const headers: Record<string, string> = { ...init.headers };
    let body: string | undefined;
    if (init.body !== undefined) {
      body = typeof init.body === "string" ? init.body : JSON.stringify(init.body);
      headers["content-type"] = init.contentType ?? "application/json";
    }
    const response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }) });
    expect(await contractViolations(method, url, response.clone())).toEqual([]);
    const streamed = response.headers.get("content-type")?.startsWith("text/event-stream");
    const text = streamed ? (await response.body?.cancel(), "") : await response.text();
    const json = text && response.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text;
    return { status: response.status, headers: response.headers, body: json };
  }

  return { mock, server, call };
}
