// Compares a run with the last recorded one of the same kind: ratios to the
// baselines are the numbers that travel between machines and noisy runs, so
// a ratio that falls by more than the margin is flagged as a regression.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** A ratio may fall this much (share) before it counts as a regression. */
export const DEFAULT_MARGIN = 0.15;

/**
 * The last result in `dir` (by file name, which is a timestamp) with the same
 * profile and database that shares at least one ratio with `keys` (a run of
 * other scenarios has nothing to compare), other than `exceptFile`.
 */
export function findPrevious(dir, { profile, database, keys }, exceptFile) {
  if (!existsSync(dir) || keys.length === 0) return undefined;
  const files = readdirSync(dir).filter((f) => /^\d{4}-.*\.json$/.test(f) && f !== exceptFile).sort().reverse();
  for (const file of files) {
    try {
      const result = JSON.parse(readFileSync(join(dir, file), "utf8"));
      const shared = (result.ratios ?? []).some((r) => keys.includes(r.key));
      if (result.profile === profile && result.settings?.database === database && shared) return { file, result };
    } catch {
      // a half-written or foreign file: skip it
    }
  }
  return undefined;
}

/**
 * Each ratio of `current` next to the same ratio in `previous`, flagged when
 * it fell by more than `margin`.
 * @returns {{ previous: string | null, margin: number, changes: Array<{ key: string, before: number, after: number, change: number, regression: boolean }>, regressions: string[] }}
 */
export function compareRatios(current, previous, margin = DEFAULT_MARGIN, previousName = null) {
  const before = new Map((previous?.ratios ?? []).map((r) => [r.key, r.ratio]));
  const changes = [];
  for (const r of current.ratios ?? []) {
    const old = before.get(r.key);
    if (old === undefined || !(old > 0)) continue;
    const change = r.ratio / old - 1;
    changes.push({ key: r.key, before: old, after: r.ratio, change: Math.round(change * 1000) / 1000, regression: change < -margin });
  }
  return { previous: previous ? previousName : null, margin, changes, regressions: changes.filter((c) => c.regression).map((c) => c.key) };
}
