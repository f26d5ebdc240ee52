import { describe, expect, test } from "vitest";
import { deref, loadContract } from "../spec.js";
import { SchemaValidator } from "../validator.js";
import { invalidBodies, invalidParameterValues } from "./invalid-values.js";

const contract = loadContract();
const validator = new SchemaValidator(contract);
const resolve = (schema: Record<string, any>) => deref(contract.document, schema);

describe("invalid values", () => {
  const parameters = contract.operations.flatMap((op) => op.parameters.map((p) => [`${op.operationId} ${p.name}`, resolve(p.schema), p.in] as const));
  test.each(parameters)("when breaking %s, then every value is refused by its schema", (_name, schema, place) => {
    for (const bad of invalidParameterValues(schema, place === "path")) {
      expect(validator.check(schema, bad.value), `${bad.rule}: ${JSON.stringify(bad.value)}`).not.toBeNull();
    }
  });

  test("when breaking the event batch example, then each body is refused and names its rule", () => {
    const op = contract.operations.find((o) => o.operationId === "postEvents")!;
    const media = op.requestBody!.content["application/json"]!;
    const bodies = invalidBodies(resolve(media.schema), media.example, resolve);
    expect(bodies.map((b) => b.rule)).toEqual(["not JSON", "wrong type (array instead of object)", 'missing required "events"', "extra property", 'wrong type of "events"', '"events" out of range']);
    for (const bad of bodies.slice(1)) expect(validator.check(media.schema, bad.value), bad.rule).not.toBeNull();
  });
});
