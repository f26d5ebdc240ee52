// Keeps the k6 scripts (perf/k6/<scenario>.js) in step with perf/scenarios.json,
// which the Node runner reads: parses each script with acorn and compares its
// k6 options (executors, VUs, rates, stages, thresholds) with the scenario.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "acorn";
import { describe, expect, it } from "vitest";
import { profiles } from "./lib/profiles.mjs";
import { allScenarios } from "./lib/scenarios.mjs";

const k6Dir = join(dirname(fileURLToPath(import.meta.url)), "k6");
const scenarios = allScenarios();

/** The value of a literal-only expression (objects, arrays, strings, numbers, booleans). */
function literal(node) {
  switch (node.type) {
    case "Literal":
      return node.value;
    case "TemplateLiteral":
      if (node.expressions.length) throw new Error("k6 options must be literals");
      return node.quasis[0].value.cooked;
    case "ArrayExpression":
      return node.elements.map(literal);
    case "ObjectExpression":
      return Object.fromEntries(node.properties.map((p) => [p.key.type === "Identifier" ? p.key.name : p.key.value, literal(p.value)]));
    default:
      throw new Error(`k6 options must be literals, found ${node.type}`);
  }
}

/** The script's `export const options`, the scenario name it passes to iteration(), and its exported function names. */
function readScript(file) {
  const ast = parse(readFileSync(join(k6Dir, file), "utf8"), { ecmaVersion: "latest", sourceType: "module" });
  let options;
  let name;
  const functions = [];
  for (const node of ast.body) {
    if (node.type !== "ExportNamedDeclaration" || !node.declaration) continue;
    if (node.declaration.type === "FunctionDeclaration") functions.push({ name: node.declaration.id.name, source: readFileSync(join(k6Dir, file), "utf8").slice(node.start, node.end) });
    for (const d of node.declaration.declarations ?? []) {
      if (d.id.name === "options") options = literal(d.init);
      if (d.id.name === "run" && d.init.type === "CallExpression" && d.init.callee.name === "iteration") name = d.init.arguments[0].value;
    }
  }
  return { options, name, functions };
}

const seconds = (duration) => Number(/^(\d+)s$/.exec(duration)[1]);
const scripts = readdirSync(k6Dir).filter((f) => f.endsWith(".js"));

describe("k6 scripts and scenarios.json", () => {
  it("when listing both, then every scenario has exactly one k6 script of its name and no script lacks a scenario", () => {
    expect(scripts.map((f) => f.replace(/\.js$/, "")).sort()).toEqual(scenarios.map((s) => s.name).sort());
  });

  for (const scenario of scenarios) {
    describe(scenario.name, () => {
      const script = readScript(`${scenario.name}.js`);
      const phaseSeconds = scenario.longRunning ? profiles.soak.phaseSeconds : profiles.full.phaseSeconds;
      const k6 = script.options.scenarios;

      it("when the script runs, then it iterates this scenario's requests", () => {
        expect(script.name).toBe(scenario.name);
      });

      it("when the scenario saturates, then k6 runs constant VUs equal to its connections (and none when it does not)", () => {
        if (!scenario.saturation) return expect(k6.saturation).toBeUndefined();
        expect(k6.saturation).toMatchObject({ executor: "constant-vus", vus: scenario.saturation.connections, duration: `${phaseSeconds}s` });
      });

      it("when the scenario offers a fixed rate, then k6 offers the same rate or stages from as many VUs", () => {
        const fixed = k6.fixed_rate;
        expect(fixed.preAllocatedVUs).toBe(scenario.fixedRate.connections);
        if (scenario.fixedRate.stages) {
          expect(fixed.executor).toBe("ramping-arrival-rate");
          const held = fixed.stages.filter((s) => seconds(s.duration) > 0).map((s) => ({ rate: s.target, seconds: seconds(s.duration) }));
          expect(held).toEqual(scenario.fixedRate.stages.map((s) => ({ rate: s.rate, seconds: s.share * phaseSeconds })));
          expect(fixed.startRate).toBe(scenario.fixedRate.stages[0].rate);
        } else {
          expect(fixed).toMatchObject({ executor: "constant-arrival-rate", rate: scenario.fixedRate.rate, timeUnit: "1s", duration: `${phaseSeconds}s` });
        }
        if (k6.saturation) expect(fixed.startTime).toBe(k6.saturation.duration);
      });

      it("when thresholds are checked, then k6 fails on the same p95, p99 and error rate as the runner", () => {
        const t = scenario.thresholds;
        expect(script.options.thresholds).toEqual({
          "http_req_duration{scenario:fixed_rate}": [`p(95)<${t.p95Ms}`, `p(99)<${t.p99Ms}`],
          "http_req_failed{scenario:fixed_rate}": [`rate<=${t.errorRate}`],
        });
      });

      it("when the scenario starts from a cold cache, then the script's setup drops the cache (and only then)", () => {
        const setup = script.functions.find((f) => f.name === "setup");
        if (scenario.invalidateCacheFirst) expect(setup?.source).toContain("invalidateCache()");
        else expect(setup).toBeUndefined();
      });

      it("when widgets poll, then the offered rate is widgets ÷ poll interval", () => {
        if (scenario.widgets) expect(scenario.fixedRate.rate).toBe(scenario.widgets / scenario.pollIntervalS);
      });
    });
  }
});
