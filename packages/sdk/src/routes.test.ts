import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { routes } from "./routes.js";

const spec = parse(readFileSync(new URL("../../../openapi.yaml", import.meta.url), "utf8")) as {
  paths: Record<string, Record<string, { operationId?: string }>>;
};

describe("routes", () => {
  it("when the spec is read, then every operationId maps to exactly its method and path", () => {
    const fromSpec: Record<string, string> = {};
    for (const [path, item] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (operation?.operationId) fromSpec[operation.operationId] = `${method} ${path}`;
      }
    }
    expect(routes).toEqual(fromSpec);
  });
});
