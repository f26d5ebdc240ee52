// Facts about where a run happened, recorded with its numbers.
import { execFileSync } from "node:child_process";
import { cpus, loadavg, totalmem } from "node:os";

/** Node, CPU, memory and the 1-minute load average now. */
export function machineInfo() {
  return {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    memoryGb: Math.round(totalmem() / 2 ** 30),
    loadAverageStart: Math.round(loadavg()[0] * 100) / 100,
  };
}

/** The 1-minute load average now. */
export const loadAverage = () => Math.round(loadavg()[0] * 100) / 100;

/** The commit the run measured and whether the tree had changes. */
export function gitInfo(cwd) {
  try {
    const commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd, encoding: "utf8" }).trim();
    const branch = execFileSync("git", ["rev-parse", "--abbrev-ref", "HEAD"], { cwd, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain"], { cwd, encoding: "utf8" }).trim().length > 0;
    return { commit, branch, dirty };
  } catch {
    return undefined;
  }
}
