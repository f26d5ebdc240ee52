import { describe, expect, it, vi } from "vitest";
import { optionsFromQuery } from "./options-from-query.js";

describe("optionsFromQuery", () => {
  it("when the query names a scenario and a latency, then they override the options", () => {
    expect(optionsFromQuery("?scenario=slow&latencyMs=250", { scenario: "default", seed: 7 })).toEqual({ scenario: "slow", latencyMs: 250, seed: 7 });
  });

  it("when the query names an unknown scenario, then it is ignored with a warning", () => {
    const warn = vi.fn();
    expect(optionsFromQuery("?scenario=chaos", { scenario: "empty" }, warn)).toEqual({ scenario: "empty" });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("default, empty, slow"));
  });

  it("when the query has neither parameter, then the options are unchanged", () => {
    expect(optionsFromQuery("", { live: { intervalMs: 1000 } })).toEqual({ live: { intervalMs: 1000 } });
  });
});
