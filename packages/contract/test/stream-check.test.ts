// The `stream` check: green against the reference server's page stream, and
// red, naming what is wrong, against servers whose stream breaks the contract
// (answered by a proxy in front of the reference server, see ./support/fault-proxy.ts).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runContractChecks } from "../src/index.js";
import type { ContractReport } from "../src/index.js";
import { startFaultProxy } from "./support/fault-proxy.js";
import type { FaultProxy, ForwardedRequest, ProxiedResponse } from "./support/fault-proxy.js";
import { startReferenceServer } from "./support/reference-server.js";
import type { ReferenceServer } from "./support/reference-server.js";

const streamPath = /^\/api\/v1\/intro-page\/([^/]+)\/stream$/;
const streamOf = (request: ForwardedRequest) => streamPath.exec(new URL(request.path, "http://x").pathname)?.[1];
const change = (userId: string) => `{"userId":"${userId}","etag":"W/\\"v1\\"","sections":{"actions":"W/\\"a1\\""}}`;

/** A finished event stream the proxy answers with instead of the server. */
function fakeStream(body: string, contentType = "text/event-stream"): ProxiedResponse {
  return { status: 200, headers: new Headers({ "content-type": contentType, "cache-control": "no-cache" }), body: Buffer.from(body) };
}

const wellFormed = (userId: string) => `retry: 3000\n\nid: v1\nevent: sync\ndata: ${change(userId)}\n\n: ping\n\n`;

describe(`the stream check (${process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite"})`, () => {
  let server: ReferenceServer;
  let proxy: FaultProxy;
  beforeAll(async () => {
    // A heartbeat each second, so the check hears one quickly; the run opens more streams as one subject than a browser would.
    server = await startReferenceServer({ LIVE_HEARTBEAT_S: "1", LIVE_STREAMS_PER_SUBJECT: "1000" });
    proxy = await startFaultProxy(server.url);
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.close();
  });

  const run = (baseUrl: string): Promise<ContractReport> =>
    runContractChecks({ baseUrl, token: server.tokens.user, adminToken: server.tokens.admin, otherUserId: "alice", only: ["streamIntroPage"], maxRequests: 200, streamListenMs: 15_000 });
  const streamResult = (report: ContractReport) => report.results.find((result) => result.operationId === "streamIntroPage" && result.check === "stream");

  test("when the reference server's page stream is checked, then the stream check passes, and so do the checks that open the stream briefly", async () => {
    const report = await run(server.url);
    const outcome = (check: string) => report.results.find((result) => result.operationId === "streamIntroPage" && result.check === check)?.status;
    expect(streamResult(report)).toMatchObject({ status: "passed", failed: 0 });
    // These send valid, unauthenticated and foreign-user stream requests: a stream they glance at must not hang them.
    expect([outcome("positive"), outcome("auth"), outcome("owner"), outcome("fuzz")]).toEqual(["passed", "passed", "passed", "passed"]);
    // Head, event format, heartbeat, 401 without a token, 403 for another user.
    expect(streamResult(report)?.passed).toBe(5);
    expect(report.coverage.pairs.filter((pair) => pair.seen).map((pair) => pair.status)).toEqual(expect.arrayContaining(["200", "401", "403"]));
  }, 120_000);

  const mutants: Array<{ name: string; answer: (request: ForwardedRequest) => ProxiedResponse | undefined; detail: RegExp }> = [
    { name: "the stream is sent as text/plain", answer: (r) => (streamOf(r) ? fakeStream(wellFormed(streamOf(r)!), "text/plain") : undefined), detail: /Content-Type text\/plain is not text\/event-stream/ },
    { name: "events carry no id: line", answer: (r) => (streamOf(r) ? fakeStream(`retry: 3000\n\nevent: sync\ndata: ${change(streamOf(r)!)}\n\n: ping\n\n`) : undefined), detail: /event sync has no id: line/ },
    { name: "an event's data breaks its schema", answer: (r) => (streamOf(r) ? fakeStream(`retry: 3000\n\nid: v1\nevent: sync\ndata: {"userId":"demo"}\n\n: ping\n\n`) : undefined), detail: /event sync: data .*required/ },
    { name: "the stream sends an undocumented event", answer: (r) => (streamOf(r) ? fakeStream(`retry: 3000\n\nid: v1\nevent: sync\ndata: ${change("demo")}\n\nid: v2\nevent: update\ndata: {}\n\n: ping\n\n`) : undefined), detail: /event update is not one of the documented events/ },
    { name: "the stream sends no heartbeat", answer: (r) => (streamOf(r) ? fakeStream(`retry: 3000\n\nid: v1\nevent: sync\ndata: ${change("demo")}\n\n`) : undefined), detail: /no heartbeat/ },
    {
      name: "another user's stream is served",
      answer: (r) => (streamOf(r) && streamOf(r) !== "demo" && r.headers.get("authorization") === `Bearer ${server.tokens.user}` ? fakeStream(wellFormed(streamOf(r)!)) : undefined),
      detail: /another user's stream \(alice\): expected 403, got 200/,
    },
    {
      name: "the stream opens without a token",
      answer: (r) => (streamOf(r) && !r.headers.has("authorization") ? fakeStream(wellFormed(streamOf(r)!)) : undefined),
      detail: /no token: expected 401, got 200/,
    },
  ];

  test.each(mutants)("when $name, then the stream check fails and says so", async ({ answer, detail }) => {
    proxy.fault = { request: (request) => answer(request) ?? request };
    try {
      const report = await run(proxy.url);
      const result = streamResult(report);
      expect(result?.status).toBe("failed");
      expect(result?.failure?.detail).toMatch(detail);
      expect(result?.failure?.curl).toContain("/api/v1/intro-page/");
      expect(report.ok).toBe(false);
    } finally {
      proxy.fault = undefined;
    }
  }, 120_000);
});
