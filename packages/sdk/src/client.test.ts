import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { baseUrl, introPage, useMockServer } from "../test/msw.js";
import { createIntroPageClient } from "./client.js";
import { routes } from "./generated/contract.js";

const server = useMockServer();

describe("createIntroPageClient", () => {
  it("when created, then it has one method per operationId in the spec", () => {
    const client = createIntroPageClient({ baseUrl });
    expect(Object.keys(client).sort()).toEqual(Object.keys(routes).sort());
  });

  it("when getIntroPage is called with sections, then path and comma-separated query are sent and the body is returned", async () => {
    let url: URL | undefined;
    server.use(
      http.get(`${baseUrl}/api/v1/intro-page/:userId`, ({ request }) => {
        url = new URL(request.url);
        return HttpResponse.json(introPage());
      }),
    );
    const client = createIntroPageClient({ baseUrl, token: "t" });

    const page = await client.getIntroPage({ userId: "demo user", sections: ["actions", "statistics"] });

    expect(url?.pathname).toBe("/api/v1/intro-page/demo%20user");
    expect(url?.searchParams.get("sections")).toBe("actions,statistics");
    expect(page).toEqual(introPage());
  });

  it("when getActivity is called with cursor and limit, then both go in the query", async () => {
    let search = "";
    server.use(
      http.get(`${baseUrl}/api/v1/intro-page/demo/activity`, ({ request }) => {
        search = new URL(request.url).search;
        return HttpResponse.json({ status: "ok", asOf: "2026-11-25T10:00:00.000Z", data: { items: [], nextCursor: null } });
      }),
    );
    const client = createIntroPageClient({ baseUrl });

    const activity = await client.getActivity({ userId: "demo", cursor: "abc", limit: 20 });

    expect(search).toBe("?cursor=abc&limit=20");
    expect(activity.data?.nextCursor).toBeNull();
  });

  it("when completeAction is called, then both path parameters are filled and the outcome is returned", async () => {
    server.use(
      http.post(`${baseUrl}/api/v1/intro-page/:userId/actions/:itemId/complete`, ({ params }) =>
        HttpResponse.json({ id: String(params.itemId), state: "completed", at: "2026-11-25T10:00:00.000Z" }),
      ),
    );
    const client = createIntroPageClient({ baseUrl });

    const outcome = await client.completeAction({ userId: "demo", itemId: "act_1" });

    expect(outcome).toEqual({ id: "act_1", state: "completed", at: "2026-11-25T10:00:00.000Z" });
  });

  it("when updatePreferences is called with a body, then it is sent with PATCH as the contract's application/merge-patch+json", async () => {
    let received: unknown;
    let method = "";
    let type: string | null = null;
    server.use(
      http.patch(`${baseUrl}/api/v1/intro-page/demo/preferences`, async ({ request }) => {
        method = request.method;
        type = request.headers.get("Content-Type");
        received = await request.json();
        return HttpResponse.json({ status: "ok", asOf: "2026-11-25T10:00:00.000Z", data: null });
      }),
    );
    const client = createIntroPageClient({ baseUrl });

    await client.updatePreferences({ userId: "demo", body: { locale: "de-DE" } });

    expect(method).toBe("PATCH");
    expect(type).toBe("application/merge-patch+json");
    expect(received).toEqual({ locale: "de-DE" });
  });

  it("when postEvents is called, then its body is sent as application/json, the type the contract lists for it", async () => {
    let type: string | null = null;
    server.use(
      http.post(`${baseUrl}/api/v1/events`, ({ request }) => {
        type = request.headers.get("Content-Type");
        return HttpResponse.json({ accepted: 0, duplicates: 0, results: [] }, { status: 202 });
      }),
    );
    const client = createIntroPageClient({ baseUrl, token: "t" });

    await client.postEvents({ body: { events: [] } });

    expect(type).toBe("application/json");
  });

  it("when an operation has no parameters, then it can be called without arguments", async () => {
    server.use(http.get(`${baseUrl}/api/v1/health/live`, () => HttpResponse.json({ status: "ok", uptimeSeconds: 3 })));
    const client = createIntroPageClient({ baseUrl });

    await expect(client.getLiveness()).resolves.toEqual({ status: "ok", uptimeSeconds: 3 });
  });

  it("when an operation answers with text, then the text is returned as a string", async () => {
    server.use(http.get(`${baseUrl}/metrics`, () => HttpResponse.text("# HELP up 1\nup 1\n")));
    const client = createIntroPageClient({ baseUrl, token: "scrape" });

    await expect(client.getPrometheusMetrics()).resolves.toBe("# HELP up 1\nup 1\n");
  });

  it("when per-call headers are given, then they are sent", async () => {
    let header: string | null = null;
    server.use(
      http.get(`${baseUrl}/api/v1/system/overview`, ({ request }) => {
        header = request.headers.get("X-Request-Id");
        return HttpResponse.json({ status: "ok", asOf: "2026-11-25T10:00:00.000Z", data: null });
      }),
    );
    const client = createIntroPageClient({ baseUrl });

    await client.getSystemOverview({}, { headers: { "X-Request-Id": "trace-1" } });

    expect(header).toBe("trace-1");
  });

  it("when a custom fetch is given, then every request goes through it", async () => {
    const seen: string[] = [];
    const client = createIntroPageClient({
      baseUrl,
      fetch: async (input) => {
        seen.push(input instanceof Request ? `${input.method} ${input.url}` : String(input));
        return Response.json({ status: "ok", uptimeSeconds: 1 });
      },
    });

    await client.getLiveness();

    expect(seen).toEqual([`GET ${baseUrl}/api/v1/health/live`]);
  });
});
