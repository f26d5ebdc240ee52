// Reads perf/scenarios.json, the one list of scenarios the Node runner and the k6 scripts share.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Every scenario in perf/scenarios.json. */
export function allScenarios() {
  const file = join(dirname(fileURLToPath(import.meta.url)), "..", "scenarios.json");
  return JSON.parse(readFileSync(file, "utf8")).scenarios;
}

/** The scenarios named (in file order), or every one that is not long-running when none is named. */
export function loadScenarios(names) {
  const all = allScenarios();
  if (!names?.length) return all.filter((s) => !s.longRunning);
  const unknown = names.filter((n) => !all.some((s) => s.name === n));
  if (unknown.length) throw new Error(`unknown scenario ${unknown.join(", ")}; known: ${all.map((s) => s.name).join(", ")}`);
  return all.filter((s) => names.includes(s.name));
}
