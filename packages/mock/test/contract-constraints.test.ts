// The same generated cases the server suite runs (test/support/contract-cases.ts),
// against the msw handlers: every JSON body with one field's type changed, and
// every parameter constraint broken, gets 400 naming the field and changes nothing.
import { describe, expect, it } from "vitest";
import { bodyOperations, namesPointer, parameterCases, parameterOperations, wrongTypeCases } from "../../../test/support/contract-cases.js";
import { as, useMockApi } from "./support/mock-api.js";

const { mock, call } = useMockApi();

/** Who may call each body operation (roles are the handler's business, not the contract's schemas). */
const callerFor: Record<string, Record<string, string>> = {
  updatePreferences: as.demo,
  postEvents: as.service,
  invalidateCache: as.admin,
  warmCache: as.admin,
  // A flag's first version: no other test here changes it.
  updateFlag: { ...as.admin, "if-match": '"1"' },
};

/** A fingerprint of what a write could change, read through the API: each user's page ETag (computed from its data), every activity id, the cache's entries. */
async function stateChecksum(): Promise<string> {
  const parts: unknown[] = [];
  for (const user of mock.users) parts.push((await call("GET", `/api/v1/intro-page/${user}`, { headers: as.admin })).headers.get("etag"));
  for (let cursor = ""; ; ) {
    const page = await call("GET", `/api/v1/intro-page/demo/activity?limit=100${cursor}`, { headers: as.demo });
    parts.push(page.body.data.items.map((item: { id: string }) => item.id));
    if (!page.body.data.nextCursor) break;
    cursor = `&cursor=${page.body.data.nextCursor}`;
  }
  parts.push((await call("GET", "/api/v1/cache", { headers: as.admin })).body.l1.keys);
  return JSON.stringify(parts);
}

describe("JSON bodies with a field of the wrong type", () => {
  for (const operation of bodyOperations()) {
    const path = operation.path.replace("{userId}", "demo").replace("{flagKey}", "actions.ordering");
    const cases = wrongTypeCases(operation.schema, operation.validBody);

    it(`when ${operation.operationId} gets each of its ${cases.length} bodies with one field of another JSON type, then each gets 400 naming it and nothing changes`, async () => {
      // Reading the pages caches them, so a wrong-type invalidation that slipped through would visibly drop entries.
      const before = await stateChecksum();
      for (const wrong of cases) {
        const reply = await call(operation.method.toUpperCase(), path, { headers: callerFor[operation.operationId]!, body: JSON.stringify(wrong.body), contentType: operation.mediaType });
        const label = `${wrong.pointer || "(body)"} as ${wrong.sentType}`;
        expect(reply.status, label).toBe(400);
        expect(reply.headers.get("content-type"), label).toMatch(/^application\/problem\+json/);
        expect(reply.body.errors.map((e: { pointer: string }) => e.pointer), label).toContain(`/body${wrong.pointer}`);
      }
      expect(await stateChecksum()).toBe(before);
      const accepted = await call(operation.method.toUpperCase(), path, { headers: callerFor[operation.operationId]!, body: JSON.stringify(operation.validBody), contentType: operation.mediaType });
      expect(accepted.status).toBeGreaterThanOrEqual(200);
      expect(accepted.status).toBeLessThan(300);
      // Up to ~150 requests plus two state reads: seconds on a busy machine.
    }, 30_000);
  }
});

describe("parameters that break the contract", () => {
  it.each(parameterOperations().map(({ operation, url, body }) => [operation.operationId, url, operation.method.toUpperCase(), body] as const))(
    "when %s is called with parameters that honour the contract (%s), then it is not refused as a bad request",
    async (_id, url, method, body) => {
      const reply = await call(method, url, { headers: as.admin, ...(body ? { body: JSON.stringify(body.value), contentType: body.mediaType } : {}) });
      expect(reply.status).not.toBe(400);
    },
  );

  it.each(parameterCases().map((c) => [c.operationId, c.breaks, c] as const))("when %s gets a request whose %s, then 400 problem+json naming it", async (_id, _breaks, c) => {
    const body = c.body ? { body: JSON.stringify(c.body.value), contentType: c.body.mediaType } : {};
    const reply = await call(c.method, c.url, { headers: { ...as.admin, ...c.headers }, ...body });
    expect(reply.status).toBe(400);
    expect(reply.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(namesPointer(reply.body.errors.map((e: { pointer: string }) => e.pointer), c.pointer)).toBe(true);
  });
});
