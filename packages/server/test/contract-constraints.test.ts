// Parameter constraints and bodies on body-less operations, with every case
// generated from openapi.yaml (test/support/contract-cases.ts); the mock runs
// the same cases in packages/mock/test/contract-constraints.test.ts, so both
// refuse the same requests.
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contractOperations, namesPointer, parameterCases, parameterOperations } from "../../../test/support/contract-cases.js";
import { as, startHarness, tokenFor, type Caller, type Harness } from "./support/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.close());

/**
 * An admin, and for a change to `{userId}`'s page that user themself: changes are
 * for the page's owner only and authorization comes before validation, so anyone
 * else would get 403 before the broken parameter is looked at.
 */
function ownerOf(c: { operationId: string; method: string; url: string }): Caller {
  const template = contractOperations.find((operation) => operation.operationId === c.operationId)!.path;
  const names = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  const values = new RegExp(`^${template.replace(/\{\w+\}/g, "([^/?]*)")}`).exec(c.url)?.slice(1) ?? [];
  const userId = values[names.indexOf("userId")];
  return c.method === "GET" || userId === undefined ? as.admin() : as.admin(decodeURIComponent(userId));
}

describe("parameters that break the contract", () => {
  it.each(parameterOperations().map(({ operation, url, body }) => [operation.operationId, url, operation.method.toUpperCase(), body] as const))(
    "when %s is called with parameters that honour the contract (%s), then it is not refused as a bad request",
    async (_id, url, method, body) => {
      const reply = await h.call(method, url, { as: as.admin(), ...(body ? { raw: JSON.stringify(body.value), contentType: body.mediaType } : {}) });
      expect(reply.status).not.toBe(400);
    },
  );

  it.each(parameterCases().map((c) => [c.operationId, c.breaks, c] as const))("when %s gets a request whose %s, then 400 problem+json naming it", async (_id, _breaks, c) => {
    const body = c.body ? { raw: JSON.stringify(c.body.value), contentType: c.body.mediaType } : {};
    const reply = await h.call(c.method, c.url, { as: ownerOf(c), headers: c.headers, ...body });
    expect(reply.status).toBe(400);
    expect(reply.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(namesPointer(reply.body.errors.map((e: { pointer: string }) => e.pointer), c.pointer)).toBe(true);
  });
});

/** Status of one request sent with node:http, which (unlike fetch) sends a body with any method, GET included. */
function statusOf(url: string, method: string, body?: { text: string; type: string }): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization: `Bearer ${tokenFor(as.user("demo"))}` };
    if (body) Object.assign(headers, { "content-type": body.type, "content-length": String(Buffer.byteLength(body.text)) });
    const req = request(url, { method, headers }, (res) => {
      // An event stream never ends by itself: its status is the answer.
      if (String(res.headers["content-type"]).startsWith("text/event-stream")) {
        res.destroy();
        return resolve(res.statusCode ?? 0);
      }
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body?.text);
  });
}

describe("a body sent to an operation that documents none is ignored", () => {
  const bodiless = contractOperations.filter((operation) => !operation.op.requestBody);

  it.each(bodiless.map((operation) => [operation.operationId, operation] as const))(
    "when %s gets a text/plain or broken JSON body, then it answers as it does without one (never 415, never 'not JSON')",
    async (_id, operation) => {
      const method = operation.method.toUpperCase();
      const url = `${h.url}${operation.path.replace("{userId}", "demo").replace("{itemId}", "act_demo_001")}`;
      // complete/dismiss answer the same each time too: both are idempotent.
      const without = await statusOf(url, method);
      const text = await statusOf(url, method, { text: "complete it, please", type: "text/plain" });
      const broken = await statusOf(url, method, { text: '{"half":', type: "application/json" });
      expect([text, broken]).toEqual([without, without]);
      expect(operation.op.responses[String(without)]).toBeDefined();
    },
  );
});
