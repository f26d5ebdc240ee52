import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { baseUrl, problem, problemHeaders, useMockServer } from "../test/msw.js";
import { createIntroPageClient } from "./client.js";
import { IntroPageError, parseRetryAfter } from "./errors.js";

const server = useMockServer();
const pageUrl = `${baseUrl}/api/v1/intro-page/demo`;
const client = () => createIntroPageClient({ baseUrl, retry: false });
const failure = (call: Promise<unknown>) => call.then(() => undefined, (e: unknown) => e as IntroPageError);

describe("error shapes", () => {
  it("when the server answers with problem+json, then the error carries status, problem, requestId and detail as message", async () => {
    const body = problem(403, "Forbidden", { detail: "You may only read your own page.", instance: "/api/v1/intro-page/demo" });
    server.use(http.get(pageUrl, () => HttpResponse.json(body, { status: 403, headers: problemHeaders() })));

    const error = await failure(client().getIntroPage({ userId: "demo" }));

    expect(error).toBeInstanceOf(IntroPageError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: "IntroPageError",
      kind: "http",
      status: 403,
      problem: body,
      requestId: "req-123",
      message: "You may only read your own page.",
    });
    expect(error?.retryAfter).toBeUndefined();
  });

  it("when a 429 carries Retry-After, then the error reports it in seconds", async () => {
    server.use(
      http.get(pageUrl, () =>
        HttpResponse.json(problem(429, "Too Many Requests"), { status: 429, headers: problemHeaders({ "Retry-After": "30" }) }),
      ),
    );

    await expect(failure(client().getIntroPage({ userId: "demo" }))).resolves.toMatchObject({ status: 429, retryAfter: 30, message: "Too Many Requests" });
  });

  it("when the header is missing, then requestId comes from the problem document", async () => {
    server.use(
      http.get(pageUrl, () =>
        HttpResponse.json(problem(404, "Not Found", { requestId: "from-body" }), { status: 404, headers: { "Content-Type": "application/problem+json" } }),
      ),
    );

    await expect(failure(client().getIntroPage({ userId: "demo" }))).resolves.toMatchObject({ requestId: "from-body" });
  });

  it("when the error body is not JSON (a proxy's HTML page), then problem is undefined and the message names the status", async () => {
    server.use(http.get(pageUrl, () => new HttpResponse("<html>Bad Gateway</html>", { status: 502, headers: { "Content-Type": "text/html" } })));

    const error = await failure(client().getIntroPage({ userId: "demo" }));

    expect(error).toMatchObject({ kind: "http", status: 502, message: "HTTP 502" });
    expect(error?.problem).toBeUndefined();
  });

  it("when no response arrives, then the error is kind network with the cause and no status", async () => {
    server.use(http.get(pageUrl, () => HttpResponse.error()));

    const error = await failure(client().getIntroPage({ userId: "demo" }));

    expect(error).toMatchObject({ kind: "network" });
    expect(error?.status).toBeUndefined();
    expect(error?.cause).toBeInstanceOf(TypeError);
  });

  it("when the token provider throws, then the call rejects with an IntroPageError whose cause is that error", async () => {
    const cause = new Error("signed out");
    const error = await failure(createIntroPageClient({ baseUrl, retry: false, tokenProvider: () => Promise.reject(cause) }).getIntroPage({ userId: "demo" }));

    expect(error).toBeInstanceOf(IntroPageError);
    expect(error?.cause).toBe(cause);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-11-25T10:00:00.000Z");

  it("when given delay-seconds, then it returns them", () => {
    expect(parseRetryAfter("120", now)).toBe(120);
  });

  it("when given an HTTP date, then it returns the whole seconds until then, and 0 for a past date", () => {
    expect(parseRetryAfter("Wed, 25 Nov 2026 10:00:09 GMT", now)).toBe(9);
    expect(parseRetryAfter("Wed, 25 Nov 2026 09:00:00 GMT", now)).toBe(0);
  });

  it("when absent or unreadable, then it returns undefined", () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
  });
});
