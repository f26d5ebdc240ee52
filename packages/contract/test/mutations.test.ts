// Mutation tests: deliberately broken servers (the reference server behind a
// proxy that injects one fault each). The CLI must catch every fault and name
// the operation and the check that caught it.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runContractChecks } from "../src/index.js";
import { contractCli, runCli } from "./support/cli.js";
import type { CheckName } from "../src/index.js";
import { fakeJson, startFaultProxy } from "./support/fault-proxy.js";
import type { Fault, FaultProxy, ForwardedRequest } from "./support/fault-proxy.js";
import { startReferenceServer } from "./support/reference-server.js";
import type { ReferenceServer } from "./support/reference-server.js";

const pathOf = (request: ForwardedRequest) => new URL(request.path, "http://x").pathname;
const is = (request: ForwardedRequest, method: string, pattern: RegExp) => request.method === method && pattern.test(pathOf(request));

/** One broken server: the fault, and where the CLI must report it. */
interface Mutant {
  name: string;
  operationId: string;
  check: CheckName;
  fault: (server: ReferenceServer) => Fault;
  timeoutMs?: number;
}

const mutants: Mutant[] = [
  {
    name: "a wrong type (productivityScore as a string)",
    operationId: "getStatistics",
    check: "positive",
    fault: () => ({
      response: (request, response) => {
        if (is(request, "GET", /\/statistics$/) && response.status === 200) response.json.data.productivityScore = String(response.json.data.productivityScore);
      },
    }),
  },
  {
    name: "a missing required field (the page without meta)",
    operationId: "getIntroPage",
    check: "positive",
    fault: () => ({
      response: (request, response) => {
        if (is(request, "GET", /^\/api\/v1\/intro-page\/[^/]+$/) && response.status === 200) delete response.json.meta;
      },
    }),
  },
  {
    name: "an undocumented status (202 for the system overview)",
    operationId: "getSystemOverview",
    check: "positive",
    fault: () => ({
      response: (request, response) => {
        if (is(request, "GET", /\/system\/overview$/) && response.status === 200) response.status = 202;
      },
    }),
  },
  {
    name: "a 500 on bad input (activity's limit out of range)",
    operationId: "getActivity",
    check: "params",
    fault: () => ({
      response: (request, response) => {
        if (is(request, "GET", /\/activity$/) && response.status === 400) {
          response.status = 500;
          response.json.status = 500;
          response.json.title = "Internal server error";
        }
      },
    }),
  },
  {
    name: "a missing 401 (actions answer without a token)",
    operationId: "getActions",
    check: "auth",
    fault: (server) => ({
      request: (request) => {
        if (is(request, "GET", /\/actions$/) && !request.headers.has("authorization")) request.headers.set("authorization", `Bearer ${server.tokens.user}`);
        return request;
      },
    }),
  },
  {
    name: "a missing 403 for another user (personalization of anyone)",
    operationId: "getPersonalization",
    check: "owner",
    fault: (server) => ({
      request: (request) => {
        if (is(request, "GET", /\/personalization$/) && !pathOf(request).includes("/demo/") && request.headers.get("authorization") === `Bearer ${server.tokens.user}`) {
          request.headers.set("authorization", `Bearer ${server.tokens.admin}`);
        }
        return request;
      },
    }),
  },
  {
    name: "a missing 403 for the wrong role (a user reads metrics)",
    operationId: "getMetrics",
    check: "role",
    fault: (server) => ({
      request: (request) => {
        if (is(request, "GET", /^\/api\/v1\/metrics$/) && request.headers.get("authorization") === `Bearer ${server.tokens.user}`) {
          request.headers.set("authorization", `Bearer ${server.tokens.admin}`);
        }
        return request;
      },
    }),
  },
  {
    name: "a missing 304 (If-None-Match ignored)",
    operationId: "getStatistics",
    check: "conditional",
    fault: () => ({
      request: (request) => {
        request.headers.delete("if-none-match");
        return request;
      },
    }),
  },
  {
    name: "a wrong Content-Type (health as text/plain)",
    operationId: "getHealth",
    check: "positive",
    fault: () => ({
      response: (request, response) => {
        if (is(request, "GET", /^\/api\/v1\/health$/)) response.headers.set("content-type", "text/plain");
      },
    }),
  },
  {
    name: "a missing ETag (actions)",
    operationId: "getActions",
    check: "positive",
    fault: () => ({
      response: (request, response) => {
        if (is(request, "GET", /\/actions$/)) response.headers.delete("etag");
      },
    }),
  },
  {
    name: "an extra property in a closed schema (personalization)",
    operationId: "getPersonalization",
    check: "positive",
    fault: () => ({
      response: (request, response) => {
        if (is(request, "GET", /\/personalization$/) && response.status === 200) response.json.data.favouriteColour = "teal";
      },
    }),
  },
  {
    name: "a dropped section (the page without system)",
    operationId: "getIntroPage",
    check: "positive",
    fault: () => ({
      response: (request, response) => {
        if (is(request, "GET", /^\/api\/v1\/intro-page\/[^/]+$/) && response.status === 200 && !request.path.includes("sections=")) delete response.json.sections.system;
      },
    }),
  },
  {
    name: "a write that is not applied (complete answers but changes nothing)",
    operationId: "completeAction",
    check: "stateful",
    fault: () => ({
      request: (request) => {
        const match = /\/actions\/([^/]+)\/complete$/.exec(pathOf(request));
        if (request.method !== "POST" || !match || !request.headers.get("authorization")) return request;
        return fakeJson(200, { id: decodeURIComponent(match[1]!), state: "completed", at: "2026-11-25T10:01:00.000Z" }, {
          "x-request-id": "fault-proxy",
          ratelimit: '"write";r=59;t=60',
          "ratelimit-policy": '"write";q=60;w=60',
        });
      },
    }),
  },
  {
    name: "a retried event batch applied twice",
    operationId: "postEvents",
    check: "stateful",
    fault: () => ({
      response: (request, response) => {
        if (is(request, "POST", /\/events$/) && response.status === 202 && response.json.duplicates > 0) {
          response.json = { accepted: response.json.duplicates, duplicates: 0 };
        }
      },
    }),
  },
  {
    name: "missing rate-limit headers (activity)",
    operationId: "getActivity",
    check: "positive",
    fault: () => ({
      response: (request, response) => {
        if (is(request, "GET", /\/activity$/)) response.headers.delete("ratelimit");
      },
    }),
  },
  {
    name: "no 405 for an undocumented method (a 404 instead)",
    operationId: "getCacheStats",
    check: "method",
    fault: () => ({
      request: (request) =>
        request.method === "DELETE" && pathOf(request) === "/api/v1/cache"
          ? fakeJson(404, { type: "about:blank", title: "Not found", status: 404 }, { "content-type": "application/problem+json" })
          : request,
    }),
  },
  {
    name: "a 5xx on a fuzzed body (cache warm of several users)",
    operationId: "warmCache",
    check: "fuzz",
    fault: () => ({
      request: (request) => {
        if (request.method !== "POST" || pathOf(request) !== "/api/v1/cache/warm") return request;
        const body = JSON.parse(request.body.toString("utf8") || "null");
        if (Array.isArray(body?.userIds) && body.userIds.length > 1) return fakeJson(500, { type: "about:blank", title: "Internal server error", status: 500 }, { "content-type": "application/problem+json" });
        return request;
      },
    }),
  },
  {
    name: "a hang (liveness never answers in time)",
    operationId: "getLiveness",
    check: "positive",
    timeoutMs: 2000,
    fault: () => ({
      request: async (request) => {
        if (is(request, "GET", /\/health\/live$/)) await new Promise((resolve) => setTimeout(resolve, 4000));
        return request;
      },
    }),
  },
];

describe("mutation tests: the CLI catches every deliberately broken server", () => {
  let server: ReferenceServer;
  let proxy: FaultProxy;
  beforeAll(async () => {
    server = await startReferenceServer();
    proxy = await startFaultProxy(server.url);
  });
  afterAll(async () => {
    await proxy?.close();
    await server?.close();
  });

  test("when the proxy injects no fault, then the checks of every mutated operation pass", async () => {
    proxy.fault = undefined;
    const report = await runContractChecks({
      baseUrl: proxy.url,
      token: server.tokens.user,
      adminToken: server.tokens.admin,
      serviceToken: server.tokens.service,
      only: [...new Set(mutants.map((mutant) => mutant.operationId))],
      maxRequests: 400,
    });
    expect(report.results.filter((result) => result.status === "failed")).toEqual([]);
  });

  test.each(mutants)("when the server has $name, then $operationId › $check fails", async (mutant) => {
    proxy.fault = mutant.fault(server);
    const report = await runContractChecks({
      baseUrl: proxy.url,
      token: server.tokens.user,
      adminToken: server.tokens.admin,
      serviceToken: server.tokens.service,
      only: [mutant.operationId],
      maxRequests: 120,
      ...(mutant.timeoutMs ? { timeoutMs: mutant.timeoutMs } : {}),
    });
    const caught = report.results.find((result) => result.operationId === mutant.operationId && result.check === mutant.check);
    expect(caught?.status, JSON.stringify(report.results.filter((r) => r.status === "failed"), null, 1)).toBe("failed");
    expect(caught?.failure?.detail).toBeTruthy();
    expect(report.ok).toBe(false);
  });

  test("when the CLI meets a broken server, then it exits 1 and its report names the operation, the check and a curl reproducer", async () => {
    proxy.fault = mutants[0]!.fault(server);
    const run = await runCli(contractCli, ["--base-url", proxy.url, "--token", server.tokens.user, "--only", "getStatistics", "--max-requests", "60", "--quiet"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/getStatistics › positive: valid call: .*200 body \/data\/productivityScore must be integer/);
    expect(run.stdout).toContain(`curl -i -X GET '${proxy.url}/api/v1/intro-page/demo/statistics' -H "Authorization: Bearer $TOKEN"`);
  });
});
