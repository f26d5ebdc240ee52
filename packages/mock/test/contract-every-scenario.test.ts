import { describe, expect, it } from "vitest";
import { scenarioNames } from "../src/index.js";
import { operationFor, specOperations } from "./support/contract.js";
import { as, useMockApi } from "./support/mock-api.js";
import { requestMatrix } from "./support/request-matrix.js";

describe("every response of every scenario honours openapi.yaml", () => {
  const { mock, call } = useMockApi({ latencyMs: 1 });

  /** Two of demo's open items, read in the default scenario before switching. */
  async function demoItemIds(): Promise<[string, string]> {
    const { body } = await call("GET", "/api/v1/intro-page/demo/actions", { headers: as.demo });
    return [body.data.items[0].id, body.data.items[1].id];
  }

  for (const scenario of scenarioNames.filter((name) => name !== "offline")) {
    it(`when the ${scenario} scenario answers the request matrix, then every status, header and body is documented`, async () => {
      const matrix = requestMatrix(await demoItemIds());
      mock.setScenario(scenario);
      const statuses = new Map<string, Set<number>>();
      for (const request of matrix) {
        // `call` fails the test on the first response that breaks the contract.
        const { status } = await call(request.method, request.path, request);
        const { operationId } = operationFor(request.method, `http://intro-page.test${request.path}`);
        statuses.set(operationId, (statuses.get(operationId) ?? new Set()).add(status));
      }
      expect([...statuses.keys()].sort()).toEqual(specOperations.map((op) => op.operationId).sort());
      const answered = [...statuses.values()].flatMap((set) => [...set]);
      if (scenario === "server-error") expect(new Set(answered)).toEqual(new Set([500]));
      if (scenario === "default" || scenario === "empty" || scenario === "degraded" || scenario === "slow") {
        // Success and failure paths were both exercised, across every operation.
        // In `empty` demo has no items, so complete/dismiss answer 404 where the others answer 409.
        const expectedStatuses = [200, 202, 304, 400, 401, 403, 404, 413, 415, 422, ...(scenario === "empty" ? [] : [409])];
        for (const expected of expectedStatuses) expect(answered, `status ${expected}`).toContain(expected);
      }
      // The first matrix also compiles the contract's validators: seconds on a busy machine.
    }, 30_000);
  }

  it("when the offline scenario is on, then every operation fails with a network error", async () => {
    mock.setScenario("offline");
    for (const { method, path } of specOperations) {
      const concrete = path.replace("{userId}", "demo").replace("{itemId}", "act_x");
      await expect(fetch(`http://intro-page.test${concrete}`, { method: method.toUpperCase(), headers: as.demo }), `${method} ${path}`).rejects.toThrow(TypeError);
    }
  });
});
