// Every caller × every operation in openapi.yaml, from the generated operation
// table. The expected answer comes from the rules in docs/architecture.md
// ("Authorization"), written once as `expectedAccess` (support/access-rules.ts); a forbidden
// caller must get its 401/403 before anything about the request is
// validated, so a deliberately invalid request changes nothing for it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operations, type OperationId, type OperationRule } from "../../src/generated/contract.js";
import { openEventStream } from "../support/event-stream.js";
import { startHarness, tokenFor, type CallOptions, type Caller, type Harness } from "../support/harness.js";
import { callers, expectedAccess, OTHER, SELF, type CallerName } from "./support/access-rules.js";

/** A valid request and an invalid one (bad body, or a parameter the contract does not have) per operation. */
interface Probe {
  valid: CallOptions;
  invalid: CallOptions;
  /** An event stream: opened, its status and first answer read, then closed (it never ends by itself). */
  stream?: boolean;
}

let openItems: string[] = [];
/** Every operation needs an entry: a new operation in openapi.yaml fails the typecheck until it is in the matrix. */
const probes: Record<OperationId, () => Probe & { path?: string }> = {
  getIntroPage: query(),
  getStatistics: query(),
  getActions: query(),
  getActivity: query(),
  getPersonalization: query(),
  getSystemOverview: query(),
  getLiveness: query(),
  getReadiness: query(),
  getHealth: query(),
  getMetrics: query(),
  getPrometheusMetrics: query(),
  getCacheStats: query(),
  getOpenApiJson: query(),
  getOpenApiYaml: query(),
  streamIntroPage: () => ({ valid: {}, invalid: {}, stream: true }),
  listFlags: query(),
  getFlag: () => ({ path: "/api/v1/flags/section.system", valid: {}, invalid: {} }),
  getFlagAudit: () => ({ path: "/api/v1/flags/section.system/audit", valid: {}, invalid: {} }),
  // Only admins may update, once per matrix run: the seeded flag is at version 1.
  updateFlag: () => ({
    path: "/api/v1/flags/section.system",
    valid: { body: { enabled: true }, contentType: "application/merge-patch+json", headers: { "If-Match": '"1"' } },
    invalid: { body: { enabled: "yes", surprise: true }, contentType: "application/merge-patch+json", headers: { "If-Match": '"1"' } },
  }),
  // These document no body (a body is ignored, docs/decisions/0015), so their invalid request is a bad parameter.
  completeAction: () => ({ path: itemPath(openItems[0]!, "complete"), valid: {}, invalid: {} }),
  dismissAction: () => ({ path: itemPath(openItems[1]!, "dismiss"), valid: {}, invalid: {} }),
  updatePreferences: () => ({ valid: { body: { locale: "de-DE" }, contentType: "application/merge-patch+json" }, invalid: { body: { locale: 42, extra: [] }, contentType: "application/merge-patch+json" } }),
  postEvents: () => ({
    valid: { body: { events: [{ type: "activity", eventId: `matrix-${Date.now()}`, userId: SELF, actor: { id: OTHER, name: "Alice" }, verb: "shared", object: { type: "document", id: "doc_1", title: "Plan" }, occurredAt: new Date().toISOString() }] } },
    invalid: { body: { events: "not-a-list" } },
  }),
  invalidateCache: () => ({ valid: { body: { userId: SELF } }, invalid: { body: { everything: "please" } } }),
  warmCache: () => ({ valid: { body: { userIds: [SELF] } }, invalid: { body: { userIds: [] } } }),
};

function query(): () => Probe {
  return () => ({ valid: {}, invalid: {} });
}
const itemPath = (itemId: string, verb: string) => `/api/v1/intro-page/${SELF}/actions/${itemId}/${verb}`;
const pathOf = (rule: OperationRule) => rule.path.replace("{userId}", SELF);

/** One call as the matrix needs it: plain HTTP, or a stream opened and closed again. */
async function send(harness: Harness, probe: Probe, method: string, path: string, options: CallOptions & { as: Caller | null }) {
  if (!probe.stream) return harness.call(method, path, options);
  const stream = await openEventStream(`${harness.url}${path}`, options.as ? { authorization: `Bearer ${tokenFor(options.as)}` } : {});
  stream.close();
  return { status: stream.status, headers: stream.headers, body: stream.body, text: JSON.stringify(stream.body ?? "") };
}

describe("authorization matrix: every caller × every operation", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ METRICS_SCRAPE_TOKEN: "scrape-token-0123456789" });
    const actions = await harness.call("GET", `/api/v1/intro-page/${SELF}/actions`, { as: callers["user-self"] });
    openItems = (actions.body.data.items as { id: string }[]).map((item) => item.id);
    expect(openItems.length).toBeGreaterThanOrEqual(2);
  });
  afterAll(() => harness?.close());

  const rows = Object.entries(operations) as [OperationId, OperationRule][];
  const cases = rows.flatMap(([operationId, rule]) =>
    (Object.keys(callers) as CallerName[]).map((callerName) => ({ operationId, rule, callerName, expected: expectedAccess(rule, callers[callerName]) })),
  );

  it.each(cases)("when $callerName calls $operationId, then the answer is $expected", async ({ operationId, rule, callerName, expected }) => {
    const probe = probes[operationId]();
    const path = probe.path ?? pathOf(rule);
    const reply = await send(harness, probe, rule.method.toUpperCase(), path, { ...probe.valid, as: callers[callerName] });
    if (expected === "allowed") {
      expect(reply.status, `${operationId} as ${callerName}: ${reply.text.slice(0, 300)}`).toBeGreaterThanOrEqual(200);
      expect(reply.status).toBeLessThan(300);
      return;
    }
    expect(reply.status, `${operationId} as ${callerName}: ${reply.text.slice(0, 300)}`).toBe(expected);
    expect(reply.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(reply.body.status).toBe(expected);
  });

  const forbidden = cases.filter((c) => c.expected !== "allowed");
  it.each(forbidden)(
    "when $callerName sends an invalid request to $operationId, then it still gets $expected and nothing about the schema",
    async ({ operationId, rule, callerName, expected }) => {
      const probe = probes[operationId]();
      const path = `${probe.path ?? pathOf(rule)}${"body" in probe.invalid ? "" : "?notAParameter=1"}`;
      const reply = await send(harness, probe, rule.method.toUpperCase(), path, { ...probe.invalid, as: callers[callerName] });
      expect(reply.status, reply.text.slice(0, 300)).toBe(expected);
      expect(reply.body.errors).toBeUndefined();
      expect(reply.text).not.toMatch(/notAParameter|surprise|everything|additional|must be/i);
    },
  );

  const bodyOperations = cases.filter((c) => c.expected === "allowed" && c.rule.secured && "body" in probes[c.operationId]().invalid);
  it.each(bodyOperations)("when $callerName (allowed) sends an invalid body to $operationId, then 400 names the field", async ({ operationId, rule, callerName }) => {
    const probe = probes[operationId]();
    const reply = await harness.call(rule.method.toUpperCase(), probe.path ?? pathOf(rule), { ...probe.invalid, as: callers[callerName] });
    expect(reply.status, reply.text.slice(0, 300)).toBe(400);
    expect(reply.body.errors?.length).toBeGreaterThan(0);
  });

  it("when the matrix is built, then it covers every operation of the contract for all five callers", () => {
    expect(cases).toHaveLength(Object.keys(operations).length * 5);
    expect(new Set(cases.map((c) => c.expected))).toEqual(new Set(["allowed", 401, 403]));
  });
});
