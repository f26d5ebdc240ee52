import { describe, expect, it } from "vitest";
import { createIntroPageMock } from "../src/index.js";
import { operations } from "../src/generated/contract.js";
import { specOperations } from "./support/contract.js";

describe("handler coverage", () => {
  const mock = createIntroPageMock();
  const handled = mock.handlers.map((handler) => `${String(handler.info.method).toLowerCase()} ${String(handler.info.path)}`);

  it("when openapi.yaml lists an operation, then the mock has a handler for its method and path", () => {
    const missing = specOperations
      .map(({ method, path }) => `${method} */${path.replace(/^\//, "").replace(/\{(\w+)\}/g, ":$1")}`)
      .filter((expected) => !handled.includes(expected));
    expect(missing).toEqual([]);
    expect(specOperations.length).toBeGreaterThanOrEqual(20);
  });

  it("when the mock has a handler, then openapi.yaml documents that operation", () => {
    expect(handled).toHaveLength(specOperations.length);
    expect(new Set(handled).size).toBe(handled.length);
  });

  it("when the pipeline table describes an operation, then security and 429s match the spec", () => {
    expect(Object.keys(operations).sort()).toEqual(specOperations.map((op) => op.operationId).sort());
    for (const { operationId, method, path, op } of specOperations) {
      const rule = operations[operationId as keyof typeof operations];
      expect({ method: rule.method, path: rule.path }, operationId).toEqual({ method, path });
      expect(rule.secured, operationId).toBe(op.security === undefined || op.security.length > 0);
      expect(rule.rateLimit !== null, operationId).toBe(op.responses["429"] !== undefined);
    }
  });

  it("when a base URL is given, then handlers match only that origin", () => {
    const scoped = createIntroPageMock({ baseUrl: "https://api.example.com/" });
    expect(scoped.handlers.map((handler) => String(handler.info.path))).toContain("https://api.example.com/api/v1/intro-page/:userId");
  });
});
