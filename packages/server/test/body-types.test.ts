// Every JSON request body in openapi.yaml, with each field's JSON type changed
// in turn (cases generated from the schemas by test/support/contract-cases.ts):
// the server must answer 400 problem+json naming the field and store nothing.
// Before this suite, the validator coerced body types (`{"all": "true"}`
// dropped the whole cache, `actor.id: 7` was stored as "7").
import { QueryTypes } from "sequelize";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activityIdFor } from "../src/domain/page-writes.js";
import { operations, type OperationId } from "../src/generated/contract.js";
import { bodyOperations, validPath, wrongTypeCases } from "../../../test/support/contract-cases.js";
import { as, startHarness, type Caller, type Harness } from "./support/harness.js";

let h: Harness;
beforeAll(async () => {
  // Long TTLs: the cache's key count is part of "nothing changed" and must not move by expiry during the suite.
  const ttl = "3600";
  h = await startHarness({ CACHE_TTL_STATISTICS_S: ttl, CACHE_TTL_ACTIONS_S: ttl, CACHE_TTL_ACTIVITY_S: ttl, CACHE_TTL_PERSONALIZATION_S: ttl, CACHE_TTL_SYSTEM_S: ttl });
});
afterAll(async () => h?.close());

/** A caller holding the first role the contract's `x-roles` names for the operation. */
function callerFor(operationId: string): Caller {
  const role = operations[operationId as OperationId].roles[0];
  return role === "user" ? as.user("demo") : role === "service" ? as.service() : as.admin();
}

/** A fingerprint of everything a write could change: every table's rows and the cache's entries. */
async function dataChecksum(): Promise<string> {
  const { sequelize } = h.running.deps.database;
  const tables = await sequelize.query<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1",
    { type: QueryTypes.SELECT },
  );
  const sums: string[] = [];
  for (const { name } of tables) {
    const [row] = await sequelize.query<{ sum: string }>(`SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS sum FROM "${name}" t`, { type: QueryTypes.SELECT });
    sums.push(`${name}:${row!.sum}`);
  }
  const { keys, staleKeys } = h.running.deps.cache.stats();
  return `${sums.join(",")};cache:${keys}/${staleKeys}`;
}

const withBodies = bodyOperations();

it("when the contract is read, then every operation with a JSON body has wrong-type cases", () => {
  expect(withBodies.length).toBeGreaterThan(0);
  for (const operation of withBodies) expect(wrongTypeCases(operation.schema, operation.validBody).length, operation.operationId).toBeGreaterThan(0);
});

/** An operation that takes `If-Match` (a conditional write) gets the resource's current ETag from a GET of the same path. */
async function preconditionHeaders(operation: (typeof withBodies)[number], path: string, caller: Caller): Promise<Record<string, string>> {
  const takesIfMatch = (operation.op.parameters ?? []).some((p: { $ref?: string; name?: string }) => /IfMatch$/.test(p.$ref ?? "") || p.name === "If-Match");
  if (!takesIfMatch) return {};
  const current = await h.call("GET", path, { as: caller });
  expect(current.status).toBe(200);
  return { "if-match": current.headers.get("etag")! };
}

for (const operation of withBodies) {
  const path = validPath(operation);
  const caller = callerFor(operation.operationId);
  const cases = wrongTypeCases(operation.schema, operation.validBody);

  describe(`${operation.operationId} (${operation.method.toUpperCase()} ${operation.path})`, () => {
    let before = "";
    beforeAll(async () => {
      // A cached page, so a wrong-type invalidation that slipped through would visibly drop entries.
      expect((await h.call("GET", "/api/v1/intro-page/demo", { as: as.user("demo") })).status).toBe(200);
      before = await dataChecksum();
    });

    it.each(cases.map((c) => [c.pointer || "(the body itself)", c.sentType, c] as const))(
      "when %s is sent as a %s, then 400 problem+json naming it",
      async (_pointer, _type, wrong) => {
        const headers = await preconditionHeaders(operation, path, caller);
        const reply = await h.call(operation.method.toUpperCase(), path, { as: caller, raw: JSON.stringify(wrong.body), contentType: operation.mediaType, headers });
        expect(reply.status).toBe(400);
        expect(reply.headers.get("content-type")).toMatch(/^application\/problem\+json/);
        expect(reply.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(`/body${wrong.pointer}`);
      },
    );

    it("when all of those were refused, then no row and no cache entry changed", async () => {
      expect(await dataChecksum()).toBe(before);
    });

    it("when the same body is sent with every field of its contract type, then it is accepted", async () => {
      const headers = await preconditionHeaders(operation, path, caller);
      const reply = await h.call(operation.method.toUpperCase(), path, { as: caller, body: operation.validBody, contentType: operation.mediaType, headers });
      expect(reply.status).toBeGreaterThanOrEqual(200);
      expect(reply.status).toBeLessThan(300);
    });
  });
}

describe("what was stored keeps the contract's JSON types", () => {
  it("when the generated activity event was accepted, then reading it back gives the very values sent, strings as strings", async () => {
    const events = withBodies.find((op) => op.operationId === "postEvents")!;
    const sent = (events.validBody as { events: { type: string; eventId: string; actor: unknown; object: unknown }[] }).events.find((event) => event.type === "activity")!;
    let stored: { actor: unknown; object: unknown } | undefined;
    for (let cursor = ""; !stored; ) {
      const reply = await h.call("GET", `/api/v1/intro-page/demo/activity?limit=100${cursor}`, { as: as.user("demo") });
      stored = reply.body.data.items.find((item: { id: string }) => item.id === activityIdFor(sent.eventId));
      if (!reply.body.data.nextCursor) break;
      cursor = `&cursor=${reply.body.data.nextCursor}`;
    }
    expect(stored).toBeDefined();
    expect(stored!.actor).toEqual(sent.actor);
    expect(stored!.object).toEqual(sent.object);
  });
});
