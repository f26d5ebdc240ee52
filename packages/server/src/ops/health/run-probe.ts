import type { DependencyCheck, DependencyProbe } from "../../vocabulary/dependency-probe.js";

/** Longest error text a report carries (the contract caps it at 500). */
const MAX_ERROR_LENGTH = 500;

/**
 * Runs one probe under a time limit and reports status and latency. A probe
 * that neither resolves nor rejects in time counts as down, so a hung
 * dependency cannot hang the readiness endpoint.
 */
export async function runProbe(probe: DependencyProbe, timeoutMs: number): Promise<DependencyCheck> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([probe.check(), timeout]);
    return { name: probe.name, status: "up", latencyMs: elapsedMs(started) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { name: probe.name, status: "down", latencyMs: elapsedMs(started), error: message.slice(0, MAX_ERROR_LENGTH) };
  } finally {
    clearTimeout(timer);
  }
}

function elapsedMs(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}
