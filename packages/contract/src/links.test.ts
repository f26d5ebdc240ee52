import { describe, expect, test } from "vitest";
import type { Exchange } from "./http-client.js";
import { evaluateExpression, followLink, linksTo } from "./links.js";
import { loadContract } from "./spec.js";

const exchange: Exchange = {
  request: { method: "GET", path: "/x", caller: "user", values: { path: { userId: "demo" }, query: { limit: 5 }, header: {}, body: { events: [{ userId: "bob" }] } } },
  status: 200,
  headers: new Headers({ etag: 'W/"1"' }),
  text: "",
  json: { data: { items: [{ id: "act_1" }], nextCursor: null } },
  ms: 1,
};

describe("links", () => {
  test.each([
    ["$request.path.userId", "demo"],
    ["$request.query.limit", 5],
    ["$request.body#/events/0/userId", "bob"],
    ["$response.body#/data/items/0/id", "act_1"],
    ["$response.header.ETag", 'W/"1"'],
    ["$statusCode", 200],
    ["a constant", "a constant"],
  ])("when evaluating %s, then it gives %j", (expression, expected) => {
    expect(evaluateExpression(expression, exchange)).toEqual(expected);
  });

  test("when following the spec's CompleteItem link, then it names the user and the first item", () => {
    const [link] = linksTo(loadContract(), "completeAction");
    expect(link?.name).toBe("CompleteItem");
    expect(followLink(link!.link, exchange)).toEqual({ parameters: { userId: "demo", itemId: "act_1" } });
  });
});
