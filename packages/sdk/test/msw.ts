/**
 * Test support: an MSW server in Node with the lifecycle every suite needs, and
 * spec-typed fixtures (typed from the generated types, so they cannot drift).
 */
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll } from "vitest";
import type { IntroPage, Problem } from "../src/index.js";

/** Base URL the tests' clients talk to; MSW answers for it, nothing listens. */
export const baseUrl = "http://intro-page.test";

/** Starts an MSW server for the suite; an unhandled request fails the test. */
export function useMockServer() {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}

/** An intro page with the actions section only; `title` varies the content. */
export function introPage(title = "Review the Q3 plan"): IntroPage {
  return {
    userId: "demo",
    generatedAt: "2026-11-25T10:00:00.000Z",
    sections: {
      actions: {
        status: "ok",
        asOf: "2026-11-25T10:00:00.000Z",
        data: {
          items: [{ id: "act_1", kind: "review", title, priority: "high", createdAt: "2026-11-24T09:00:00.000Z" }],
          total: 1,
          urgent: 0,
          overdue: 0,
        },
      },
    },
    meta: { coordinationMs: 4, cache: "hit", degraded: false },
  };
}

/** An RFC 9457 problem document for a status. */
export function problem(status: number, title: string, extra: Partial<Problem> = {}): Problem {
  return { type: `https://intro-page.dev/problems/${status}`, title, status, ...extra };
}

/** Headers of a problem+json response. */
export const problemHeaders = (extra: Record<string, string> = {}) => ({
  "Content-Type": "application/problem+json",
  "X-Request-Id": "req-123",
  ...extra,
});
