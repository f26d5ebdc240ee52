import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { arbitraryFor } from "./arbitraries.js";
import { loadContract } from "./spec.js";
import { SchemaValidator } from "./validator.js";

const contract = loadContract();
const validator = new SchemaValidator(contract);
const requestSchemas = contract.operations.flatMap((op) => [
  ...op.parameters.map((p) => [`${op.operationId} ${p.in} ${p.name}`, p.schema] as const),
  ...Object.entries(op.requestBody?.content ?? {}).map(([type, media]) => [`${op.operationId} body ${type}`, media.schema] as const),
]);

describe("arbitraryFor", () => {
  test.each(requestSchemas)("when sampling %s, then every value matches the schema", (_name, schema) => {
    for (const value of fc.sample(arbitraryFor(contract.document, schema), { seed: 7, numRuns: 40 })) {
      expect(validator.check(schema, value), JSON.stringify(value)).toBeNull();
    }
  });

  test("when sampled twice with one seed, then the values are the same", () => {
    const schema = { $ref: "#/components/schemas/EventBatch" };
    const once = fc.sample(arbitraryFor(contract.document, schema), { seed: 3, numRuns: 5 });
    expect(fc.sample(arbitraryFor(contract.document, schema), { seed: 3, numRuns: 5 })).toEqual(once);
  });
});
