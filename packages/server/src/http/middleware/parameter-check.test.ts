import { describe, expect, it } from "vitest";
import { loadContract } from "../contract-document.js";
import { compileParameterCheck } from "./parameter-check.js";

const check = compileParameterCheck(loadContract().spec, "/api/v1/intro-page/{userId}", "get");

describe("compileParameterCheck (getIntroPage)", () => {
  it("when the parameters meet the contract, then they come back parsed", () => {
    expect(check("/api/v1/intro-page/demo", {})).toEqual({ path: { userId: "demo" }, query: {} });
    expect(check("/api/v1/intro-page/demo?sections=actions,statistics&fresh=true", { "if-none-match": 'W/"x"' })).toEqual({
      path: { userId: "demo" },
      query: { sections: ["actions", "statistics"], fresh: true },
    });
  });

  it.each([
    ["another operation", "/api/v1/intro-page/demo/actions"],
    ["a trailing slash", "/api/v1/intro-page/demo/"],
    ["a user id the pattern refuses", "/api/v1/intro-page/de.mo"],
    ["a percent-encoded user id", "/api/v1/intro-page/de%6Do"],
    ["an unknown section", "/api/v1/intro-page/demo?sections=actions,nope"],
    ["a repeated section", "/api/v1/intro-page/demo?sections=actions,actions"],
    ["an empty sections", "/api/v1/intro-page/demo?sections="],
    ["a non-boolean fresh", "/api/v1/intro-page/demo?fresh=yes"],
    ["an undeclared query parameter", "/api/v1/intro-page/demo?debug=1"],
    ["a repeated query parameter", "/api/v1/intro-page/demo?fresh=true&fresh=false"],
    ["a bracketed query key", "/api/v1/intro-page/demo?sections[a]=x"],
  ])("when the request has %s, then it is left to the full validator (undefined)", (_case, url) => {
    expect(check(url, {})).toBeUndefined();
  });

  it("when If-None-Match is longer than the contract's 256 characters, then it is left to the full validator", () => {
    expect(check("/api/v1/intro-page/demo", { "if-none-match": "x".repeat(257) })).toBeUndefined();
    expect(check("/api/v1/intro-page/demo", { "if-none-match": "x".repeat(256) })).toBeDefined();
  });
});
