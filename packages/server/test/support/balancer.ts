import { request } from "node:http";

/** What one request through the balancer ended as. */
export interface BalancedReply {
  status: number;
  upstream: string;
  /** Attempts refused at connect (never sent) before one was answered. */
  retries: number;
}

/**
 * The load balancer of the zero-loss test, doing what production balancers
 * do: routes round-robin over upstreams whose readiness answers 200 (polled),
 * and retries on another upstream only when the connection was refused — the
 * request was never sent, so retrying cannot duplicate it. Any other failure
 * is reported as lost.
 */
export class TestBalancer {
  private readonly healthy = new Map<string, boolean>();
  private next = 0;
  private pollRound = 0;
  private readonly appliedRound = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(pollMs: number) {
    this.timer = setInterval(() => void this.poll(), pollMs);
  }

  /** Adds an upstream; it takes traffic once its readiness answers 200. */
  add(url: string): void {
    this.healthy.set(url, false);
    void this.poll();
  }

  /** Removes an upstream. */
  remove(url: string): void {
    this.healthy.delete(url);
  }

  /** Sends a GET to a healthy upstream. Rejects when the request was lost. */
  async get(path: string, headers: Record<string, string>): Promise<BalancedReply> {
    for (let retries = 0; retries < 10; retries++) {
      const upstream = this.pick();
      if (!upstream) break;
      try {
        return { status: await send(`${upstream}${path}`, headers), upstream, retries };
      } catch (error) {
        if ((error as { code?: string }).code !== "ECONNREFUSED") throw error;
        this.healthy.set(upstream, false);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
    throw new Error("no upstream accepted the connection");
  }

  /** Stops polling. */
  close(): void {
    clearInterval(this.timer);
  }

  private pick(): string | undefined {
    const healthy = [...this.healthy].filter(([, ok]) => ok).map(([url]) => url);
    // Like nginx: when every upstream looks down (slow readiness answers under load), try them all anyway.
    const ready = healthy.length > 0 ? healthy : [...this.healthy.keys()];
    if (ready.length === 0) return undefined;
    this.next = (this.next + 1) % ready.length;
    return ready[this.next];
  }

  private async poll(): Promise<void> {
    const round = ++this.pollRound;
    await Promise.all(
      [...this.healthy.keys()].map(async (url) => {
        const ok = await send(`${url}/api/v1/health/ready`, {}).then((status) => status === 200, () => false);
        // A slow answer from an older round must not overwrite a newer one (a late "ready" after "draining").
        if (!this.healthy.has(url) || (this.appliedRound.get(url) ?? 0) > round) return;
        this.appliedRound.set(url, round);
        this.healthy.set(url, ok);
      }),
    );
  }
}

/** One GET on a fresh connection (no keep-alive), resolving with the status once the body has fully arrived. */
function send(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.setTimeout(10_000, () => req.destroy(new Error("request timed out")));
    req.end();
  });
}
