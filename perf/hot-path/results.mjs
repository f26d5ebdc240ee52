// Recorded runs of the hot-path benchmark (perf/results/hot-path-<date>.json) and the regression check.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const resultsDir = resolve(dirname(fileURLToPath(import.meta.url)), "../results");
/** A ratio that falls by more than this fraction from the last recorded run is flagged. */
export const allowedDrop = 0.15;

/** The most recent recorded run, or undefined. */
export function lastRecorded() {
  let names = [];
  try {
    names = readdirSync(resultsDir).filter((name) => /^hot-path-.*\.json$/.test(name));
  } catch {
    return undefined;
  }
  const latest = names.sort().at(-1);
  return latest ? { name: latest, run: JSON.parse(readFileSync(join(resultsDir, latest), "utf8")) } : undefined;
}

/** Writes `run` as perf/results/hot-path-<date>.json; returns the file name. */
export function record(run) {
  mkdirSync(resultsDir, { recursive: true });
  const name = `hot-path-${run.date.slice(0, 16).replace(/:/g, "-")}.json`;
  writeFileSync(join(resultsDir, name), `${JSON.stringify(run, null, 2)}\n`);
  return name;
}

/** Ratios that fell by more than {@link allowedDrop} since `previous`. */
export function regressions(ratios, previous) {
  if (!previous) return [];
  return Object.entries(ratios)
    .filter(([name, value]) => typeof previous.ratios?.[name] === "number" && typeof value === "number")
    .map(([name, value]) => ({ name, before: previous.ratios[name], now: value, change: value / previous.ratios[name] - 1 }))
    .filter(({ change }) => change < -allowedDrop);
}

/**
 * How much faster (> 0) or slower (< 0) the raw server ran than in `previous`, as a fraction, or undefined when
 * `previous` has no raw rate. Every ratio of the check is to the raw server or to bare Express, which move with the
 * machine: past {@link allowedDrop} either way, a flagged ratio may be the machine's, not the code's.
 */
export function rawServerChange(reqPerSec, previous) {
  const before = previous?.reqPerSec?.raw;
  if (typeof before !== "number" || before <= 0 || typeof reqPerSec.raw !== "number") return undefined;
  return reqPerSec.raw / before - 1;
}
