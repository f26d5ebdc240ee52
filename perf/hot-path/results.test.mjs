import { describe, expect, it } from "vitest";
import { rawServerChange, regressions } from "./results.mjs";

describe("the hot-path regression check", () => {
  const previous = { ratios: { cachedVsExpress: 1.2, cachedVsRaw: 0.4 }, reqPerSec: { raw: 30000 } };

  it("when a ratio fell by more than 15%, then it is flagged, and one that fell less is not", () => {
    expect(regressions({ cachedVsExpress: 1.1, cachedVsRaw: 0.3 }, previous)).toEqual([{ name: "cachedVsRaw", before: 0.4, now: 0.3, change: 0.3 / 0.4 - 1 }]);
  });

  it("when there is no earlier run, or it lacks the ratio, then nothing is flagged", () => {
    expect(regressions({ cachedVsRaw: 0.1 }, undefined)).toEqual([]);
    expect(regressions({ brotliVsCached: 0.1 }, previous)).toEqual([]);
  });

  it("when the raw server ran faster or slower than in the earlier run, then the change is its fraction", () => {
    expect(rawServerChange({ raw: 54000 }, previous)).toBeCloseTo(0.8);
    expect(rawServerChange({ raw: 24000 }, previous)).toBeCloseTo(-0.2);
    expect(rawServerChange({ raw: 24000 }, { ratios: {} })).toBeUndefined();
  });
});
