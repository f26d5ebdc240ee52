import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { compareRatios, findPrevious } from "./compare.mjs";

const run = (ratios, extra = {}) => ({ profile: "quick", settings: { database: "postgres" }, ratios: Object.entries(ratios).map(([key, ratio]) => ({ key, ratio })), ...extra });
const dirs = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("compareRatios", () => {
  it("when a ratio falls by more than the margin, then it is flagged as a regression", () => {
    const result = compareRatios(run({ "page-warm vs bare-express": 0.8 }), run({ "page-warm vs bare-express": 1.0 }), 0.15, "old.json");
    expect(result.regressions).toEqual(["page-warm vs bare-express"]);
    expect(result.changes[0]).toMatchObject({ before: 1, after: 0.8, change: -0.2, regression: true });
  });

  it("when a ratio falls by less than the margin or rises, then nothing is flagged", () => {
    const result = compareRatios(run({ a: 0.9, b: 2 }), run({ a: 1, b: 1 }), 0.15, "old.json");
    expect(result.regressions).toEqual([]);
    expect(result.changes.map((c) => c.key)).toEqual(["a", "b"]);
  });

  it("when there is no previous run, then there is nothing to compare and nothing flagged", () => {
    expect(compareRatios(run({ a: 1 }), undefined)).toMatchObject({ previous: null, changes: [], regressions: [] });
  });
});

describe("findPrevious", () => {
  it("when several runs are recorded, then the newest of the same profile and database sharing a ratio is chosen", () => {
    const dir = mkdtempSync(join(tmpdir(), "perf-compare-"));
    dirs.push(dir);
    writeFileSync(join(dir, "2026-01-01T00-00-00-000Z.json"), JSON.stringify(run({ a: 1 })));
    writeFileSync(join(dir, "2026-01-02T00-00-00-000Z.json"), JSON.stringify(run({ a: 2 })));
    writeFileSync(join(dir, "2026-01-03T00-00-00-000Z.json"), JSON.stringify(run({ a: 3 }, { profile: "full" })));
    writeFileSync(join(dir, "2026-01-03T12-00-00-000Z.json"), JSON.stringify(run({ other: 1 })));
    writeFileSync(join(dir, "2026-01-04T00-00-00-000Z.json"), JSON.stringify(run({ a: 4 })));
    const found = findPrevious(dir, { profile: "quick", database: "postgres", keys: ["a"] }, "2026-01-04T00-00-00-000Z.json");
    expect(found.file).toBe("2026-01-02T00-00-00-000Z.json");
    expect(found.result.ratios[0].ratio).toBe(2);
  });
});
