import { http, HttpResponse } from "msw";
import { describe, expect, it, vi } from "vitest";
import { baseUrl, introPage, problem, problemHeaders, useMockServer } from "../test/msw.js";
import { createIntroPageClient } from "./client.js";
import { IntroPageError } from "./errors.js";

const server = useMockServer();
const pageUrl = `${baseUrl}/api/v1/intro-page/demo`;
const preferencesUrl = `${baseUrl}/api/v1/intro-page/demo/preferences`;
const unauthorized = () => HttpResponse.json(problem(401, "Unauthorized"), { status: 401, headers: problemHeaders() });

/** Answers 200 only to `Bearer <valid>`, 401 otherwise, and records each Authorization header. */
function acceptOnly(valid: string, url = pageUrl, method: "get" | "patch" = "get") {
  const seen: (string | null)[] = [];
  server.use(
    http[method](url, ({ request }) => {
      const authorization = request.headers.get("Authorization");
      seen.push(authorization);
      return authorization === `Bearer ${valid}` ? HttpResponse.json(introPage()) : unauthorized();
    }),
  );
  return seen;
}

describe("auth", () => {
  it("when a token is given, then every request carries it as a bearer token", async () => {
    const seen = acceptOnly("fixed");
    const client = createIntroPageClient({ baseUrl, token: "fixed" });

    await client.getIntroPage({ userId: "demo" });
    await client.getIntroPage({ userId: "demo" });

    expect(seen).toEqual(["Bearer fixed", "Bearer fixed"]);
  });

  it("when a token provider is given, then it is called for every request (sync or async)", async () => {
    const seen = acceptOnly("p");
    const provider = vi.fn(async () => "p");
    const client = createIntroPageClient({ baseUrl, token: "ignored", tokenProvider: provider, etagCacheSize: 0 });

    await client.getIntroPage({ userId: "demo" });
    await client.getIntroPage({ userId: "demo" });

    expect(provider).toHaveBeenCalledTimes(2);
    expect(seen).toEqual(["Bearer p", "Bearer p"]);
  });

  it("when neither token nor provider is given, then no Authorization header is sent", async () => {
    const seen = acceptOnly("x");
    const client = createIntroPageClient({ baseUrl });

    await expect(client.getIntroPage({ userId: "demo" })).rejects.toMatchObject({ status: 401 });
    expect(seen).toEqual([null]);
  });

  it("when a request gets a 401, then the provider is asked once more and the request is retried with the new token", async () => {
    const seen = acceptOnly("fresh");
    const provider = vi.fn().mockReturnValueOnce("expired").mockReturnValueOnce("fresh");
    const client = createIntroPageClient({ baseUrl, tokenProvider: provider });

    await expect(client.getIntroPage({ userId: "demo" })).resolves.toEqual(introPage());
    expect(provider).toHaveBeenCalledTimes(2);
    expect(seen).toEqual(["Bearer expired", "Bearer fresh"]);
  });

  it("when the refreshed token is rejected too, then the call fails with the 401 after exactly one refresh", async () => {
    const seen = acceptOnly("never");
    const provider = vi.fn(() => "bad");
    const client = createIntroPageClient({ baseUrl, tokenProvider: provider });

    const error = await client.getIntroPage({ userId: "demo" }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IntroPageError);
    expect(error).toMatchObject({ kind: "http", status: 401, requestId: "req-123" });
    expect(provider).toHaveBeenCalledTimes(2);
    expect(seen).toHaveLength(2);
  });

  it("when a PATCH gets a 401, then it is also retried once with a refreshed token (a 401 was not acted on)", async () => {
    const seen = acceptOnly("fresh", preferencesUrl, "patch");
    const provider = vi.fn().mockReturnValueOnce("expired").mockReturnValueOnce("fresh");
    const client = createIntroPageClient({ baseUrl, tokenProvider: provider });

    await client.updatePreferences({ userId: "demo", body: { locale: "de-DE" } });

    expect(seen).toEqual(["Bearer expired", "Bearer fresh"]);
  });

  it("when only a fixed token is given and it gets a 401, then the call fails without resending", async () => {
    const seen = acceptOnly("other");
    const client = createIntroPageClient({ baseUrl, token: "fixed" });

    await expect(client.getIntroPage({ userId: "demo" })).rejects.toMatchObject({ status: 401 });
    expect(seen).toHaveLength(1);
  });

  it("when the caller sets an Authorization header for a call, then it wins over the provider", async () => {
    const seen = acceptOnly("mine");
    const provider = vi.fn(() => "theirs");
    const client = createIntroPageClient({ baseUrl, tokenProvider: provider });

    await client.getIntroPage({ userId: "demo" }, { headers: { Authorization: "Bearer mine" } });

    expect(seen).toEqual(["Bearer mine"]);
    expect(provider).not.toHaveBeenCalled();
  });
});
