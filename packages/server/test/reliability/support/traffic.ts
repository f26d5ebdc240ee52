import { authHeader } from "../../support/harness.js";

/** One request of a traffic loop: when it started (ms since the loop began), how long it took, what came back. */
export interface Sample {
  at: number;
  ms: number;
  status: number;
  stale: number;
}

/** Background readers of one user's page; stop() resolves with every sample. */
export function readTraffic(url: string, userId: string, concurrency = 3): { stop(): Promise<Sample[]>; started: number } {
  const started = performance.now();
  const samples: Sample[] = [];
  let running = true;
  const headers = authHeader(userId, "user");
  const worker = async () => {
    while (running) {
      const at = performance.now() - started;
      let status = 0;
      let stale = 0;
      try {
        const response = await fetch(`${url}/api/v1/intro-page/${userId}`, { headers, signal: AbortSignal.timeout(10_000) });
        status = response.status;
        const body = (await response.json()) as { sections?: Record<string, { status: string }> };
        stale = Object.values(body.sections ?? {}).filter((section) => section.status !== "ok").length;
      } catch {
        status = 0;
      }
      samples.push({ at, ms: performance.now() - started - at, status, stale });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const workers = Array.from({ length: concurrency }, worker);
  return {
    started,
    async stop() {
      running = false;
      await Promise.all(workers);
      return samples.sort((a, b) => a.at - b.at);
    },
  };
}

/** The p-th percentile (0-100) of `values`. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Polls `attempt` until it returns true; resolves with the ms it took (or rejects after `timeoutMs`). */
export async function timeUntil(attempt: () => Promise<boolean>, timeoutMs = 30_000, everyMs = 50): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (await attempt().catch(() => false)) return Math.round(performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`condition not reached within ${timeoutMs} ms`);
}
