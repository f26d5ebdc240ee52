import { describe, expect, it } from "vitest";
import { analyzeProfile, flameGraphSvg, OUTSIDE_EXPRESS, packageOf, sliceProfile } from "./cpuprofile.mjs";

const frame = (functionName, url = "", lineNumber = 0) => ({ functionName, url, lineNumber, columnNumber: 0, scriptId: "0" });
const nm = (path) => `file:///app/node_modules/${path}`;

/**
 * root → layer.handleRequest → authenticate → jwt verify (self 3 samples)
 *      → layer.handleRequest → pino logger (self 1)
 *      → processTicksAndRejections → coordinator page (self 2, after an await)
 *      → (idle) (self 4)
 */
const profile = {
  nodes: [
    { id: 1, callFrame: frame("(root)"), children: [2, 5, 7, 9] },
    { id: 2, callFrame: frame("handleRequest", nm("router/lib/layer.js"), 153), children: [3] },
    { id: 3, callFrame: frame("authenticate", "file:///app/server/src/auth.js", 10), children: [4] },
    { id: 4, callFrame: frame("verify", nm("jsonwebtoken/verify.js"), 20), children: [] },
    { id: 5, callFrame: frame("handleRequest", nm("router/lib/layer.js"), 153), children: [6] },
    { id: 6, callFrame: frame("logger", nm("pino-http/logger.js"), 89), children: [] },
    { id: 7, callFrame: frame("processTicksAndRejections", "node:internal/process/task_queues", 72), children: [8] },
    { id: 8, callFrame: frame("page", nm("@scope/coordinator/index.js"), 5), children: [] },
    { id: 9, callFrame: frame("(idle)"), children: [] },
  ],
  startTime: 1_000,
  endTime: 11_000,
  samples: [4, 4, 4, 6, 8, 8, 9, 9, 9, 9],
  timeDeltas: Array(10).fill(1000),
};

describe("packageOf", () => {
  it("when a frame comes from node_modules, then its package (with scope) is named", () => {
    expect(packageOf(frame("x", nm("@scope/pkg/lib/a.js")))).toBe("@scope/pkg");
    expect(packageOf(frame("x", nm("a/node_modules/b/index.js")))).toBe("b");
    expect(packageOf(frame("x", "node:internal/x"))).toBe("node (internals)");
    expect(packageOf(frame("x", "file:///repo/packages/server/dist/chunk.js"))).toBe("@intro-page/server");
    expect(packageOf(frame("(garbage collector)"))).toBe("(garbage collector)");
  });
});

describe("analyzeProfile", () => {
  const analysis = analyzeProfile(profile);

  it("when samples are idle, then they count in the duration but not in any share", () => {
    expect(analysis.seconds).toBe(0.01);
    expect(analysis.busyShare).toBe(0.6);
    expect(analysis.packages.find((p) => p.name === "(idle)")).toBeUndefined();
  });

  it("when grouping by package, then self time is summed per package, largest first", () => {
    expect(analysis.packages.map((p) => [p.name, p.ms, p.share])).toEqual([
      ["jsonwebtoken", 3, 0.5],
      ["@scope/coordinator", 2, 0.3333],
      ["pino-http", 1, 0.1667],
    ]);
  });

  it("when grouping by middleware, then each sample goes to the innermost function an Express layer called", () => {
    expect(analysis.middleware.map((m) => [m.name.split(" ")[0], m.ms])).toEqual([
      ["authenticate", 3],
      ["logger", 1],
    ]);
  });

  it("when a sample is under no layer, then it is grouped outside the layers by the first non-Node package", () => {
    expect(analysis.outsideLayers).toEqual([{ name: `${OUTSIDE_EXPRESS} @scope/coordinator`, ms: 2, share: 0.3333 }]);
  });
});

describe("sliceProfile", () => {
  it("when cut to a window, then only the samples taken inside it remain", () => {
    const slice = sliceProfile(profile, 2_500, 5_000);
    expect(slice.samples).toEqual([4, 4, 6]);
    expect(analyzeProfile(slice).packages.map((p) => p.name)).toEqual(["jsonwebtoken", "pino-http"]);
  });
});

describe("flameGraphSvg", () => {
  it("when rendered, then every non-idle frame is a rect whose tooltip names it with its time", () => {
    const svg = flameGraphSvg(profile, { width: 600 });
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("<title>verify — jsonwebtoken");
    expect(svg).toContain("3 ms (50%)");
    expect(svg).not.toContain("(idle)");
  });
});
