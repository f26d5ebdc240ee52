import { describe, expect, it } from "vitest";
import { createRequest, readBody, requestUrl } from "./http.js";

const baseUrl = "http://intro-page.test";
const signal = new AbortController().signal;

describe("requestUrl", () => {
  it("when parameters name the template's placeholders, then each is percent-encoded into its place", () => {
    const url = requestUrl(baseUrl, { path: "/api/v1/intro-page/{userId}/actions/{itemId}/complete", params: { itemId: "a/b?c", userId: "d ü" } });

    expect(url).toBe(`${baseUrl}/api/v1/intro-page/d%20%C3%BC/actions/a%2Fb%3Fc/complete`);
  });

  it("when other parameters are given, then they form the query in the given order, arrays comma-separated with each item encoded", () => {
    const url = requestUrl(baseUrl, { path: "/p/{userId}", params: { userId: "demo", sections: ["actions", "a,b&c"], fresh: true, limit: 20 } });

    expect(url).toBe(`${baseUrl}/p/demo?sections=actions,a%2Cb%26c&fresh=true&limit=20`);
  });

  it("when parameters are undefined, null or empty arrays, then they are left out (and no `?` is added)", () => {
    expect(requestUrl(baseUrl, { path: "/p", params: { cursor: undefined, limit: null, sections: [] } })).toBe(`${baseUrl}/p`);
  });

  it("when the base URL ends with a slash, then the URL has a single slash before the path", () => {
    expect(requestUrl(`${baseUrl}/`, { path: "/api/v1/health/live", params: {} })).toBe(`${baseUrl}/api/v1/health/live`);
  });
});

describe("createRequest", () => {
  it("when a body is given, then it is sent as JSON with Content-Type application/json and an upper-case method", async () => {
    const request = createRequest(baseUrl, { method: "patch", path: "/p", params: {}, body: { locale: "de-DE" }, signal });

    expect(request.method).toBe("PATCH");
    expect(request.headers.get("Content-Type")).toBe("application/json");
    expect(await request.json()).toEqual({ locale: "de-DE" });
  });

  it("when the operation's media type is given, then the body is sent as it", () => {
    const request = createRequest(baseUrl, { method: "patch", path: "/p", params: {}, body: { enabled: false }, contentType: "application/merge-patch+json", signal });

    expect(request.headers.get("Content-Type")).toBe("application/merge-patch+json");
  });

  it("when the caller names a Content-Type, then theirs is sent, whatever the operation's media type", () => {
    const request = createRequest(baseUrl, {
      method: "patch",
      path: "/p",
      params: {},
      body: { enabled: false },
      contentType: "application/merge-patch+json",
      headers: { "Content-Type": "application/json" },
      signal,
    });

    expect(request.headers.get("Content-Type")).toBe("application/json");
  });

  it("when there is no body, then no Content-Type is set and the caller's headers and signal are passed on", () => {
    const controller = new AbortController();
    const request = createRequest(baseUrl, { method: "get", path: "/p", params: {}, headers: [["X-Request-Id", "trace-1"]], signal: controller.signal });
    controller.abort();

    expect(request.headers.get("Content-Type")).toBeNull();
    expect(request.headers.get("X-Request-Id")).toBe("trace-1");
    expect(request.signal.aborted).toBe(true);
  });
});

describe("readBody", () => {
  it("when a success has a body, then its text is returned, or nothing for a stream, which stays unread", async () => {
    const stream = new Response("data: 1\n\n", { headers: { "Content-Type": "text/event-stream" } });

    expect(await readBody(new Response('{"a":1}'), false)).toBe('{"a":1}');
    expect(await readBody(stream, true)).toBeUndefined();
    expect(stream.bodyUsed).toBe(false);
  });

  it("when an error has a JSON body, then it is parsed; when it is not JSON, then its text is returned", async () => {
    expect(await readBody(Response.json({ status: 404, title: "Not found" }, { status: 404 }), false)).toEqual({ status: 404, title: "Not found" });
    expect(await readBody(new Response("Bad gateway", { status: 502 }), false)).toBe("Bad gateway");
  });

  it("when the response is a 204 or announces an empty body, then nothing is read", async () => {
    expect(await readBody(new Response(null, { status: 204 }), false)).toBeUndefined();
    expect(await readBody(new Response("", { status: 200, headers: { "Content-Length": "0" } }), false)).toBeUndefined();
    expect(await readBody(new Response(null, { status: 304, headers: { "Content-Length": "0" } }), false)).toBeUndefined();
  });
});
