import { describe, expect, it } from "vitest";
import { failuresIn } from "../../scripts/vitest-failures.mjs";

const root = "/repo";

describe("failuresIn (the failures that npm test's summary names)", () => {
  it("names each failed test by file, full name and the first line of its error", () => {
    const report = {
      testResults: [
        {
          name: "/repo/packages/server/test/a.test.ts",
          status: "failed",
          assertionResults: [
            { status: "passed", fullName: "a keeps working" },
            { status: "failed", fullName: "a > retries once", failureMessages: ["\nAssertionError: expected 2 to be 1\n    at a.test.ts:9"] },
          ],
        },
        { name: "/repo/test/b.test.ts", status: "passed", assertionResults: [{ status: "passed", fullName: "b" }] },
      ],
    };
    expect(failuresIn(report, root)).toEqual(["packages/server/test/a.test.ts > a > retries once: AssertionError: expected 2 to be 1"]);
  });

  it("names a file that failed to load, which has no failed tests", () => {
    const report = { testResults: [{ name: "/repo/c.test.ts", status: "failed", message: "Cannot find module './gone'", assertionResults: [] }] };
    expect(failuresIn(report, root)).toEqual(["c.test.ts: Cannot find module './gone'"]);
  });

  it("cuts a long error to one bounded line", () => {
    const report = {
      testResults: [{ name: "/repo/d.test.ts", status: "failed", assertionResults: [{ status: "failed", fullName: "d", failureMessages: ["x".repeat(1000)] }] }],
    };
    const lines = failuresIn(report, root);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toHaveLength(400);
    expect(lines[0]?.endsWith("…")).toBe(true);
  });
});
