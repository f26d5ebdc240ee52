import type { components } from "../../generated/openapi.js";
import { sectionNames } from "../../vocabulary/section-names.js";
import type { OpsMetrics } from "../metrics/ops-metrics.js";
import type { DependencyCheck, DependencyProbe } from "../../vocabulary/dependency-probe.js";
import type { ReplicaState } from "../../data-access/read-replicas.js";
import { runProbe } from "./run-probe.js";

type Schemas = components["schemas"];

/** What {@link HealthService.readiness} found. */
export interface ReadinessResult {
  /** True when every dependency answered and the instance is not shutting down. */
  ready: boolean;
  /** True once shutdown began: load balancers must stop sending traffic here. */
  draining: boolean;
  /** One entry per dependency probed. */
  checks: DependencyCheck[];
}

/** Options for {@link HealthService}. */
export interface HealthServiceOptions {
  /** Database, cache and (when configured) Redis. */
  probes: readonly DependencyProbe[];
  /** The read replicas' last measured states (DATABASE_READ_URL); reported, never a reason to be unready. */
  replicas?: () => ReplicaState[];
  /** Where circuit states and section latency come from. */
  metrics: OpsMetrics;
  /** The server version reported by `/api/v1/health`. */
  version: string;
  /** Time limit for each probe, in ms. */
  probeTimeoutMs: number;
  /**
   * How long one round of probe results is reused (ms, default 500). The
   * health endpoints are public and not rate limited; without this, anyone
   * could turn request volume into database queries.
   */
  reuseResultsMs?: number;
}

/**
 * Answers the three health questions: is the process alive (no dependency
 * checked), is it ready for traffic (every dependency answers and it is not
 * draining), and how is each dependency and section doing (the aggregate).
 */
export class HealthService {
  private draining = false;
  private lastRound: { at: number; checks: Promise<DependencyCheck[]> } | undefined;

  constructor(private readonly options: HealthServiceOptions) {}

  /** Marks the instance as shutting down; readiness fails from now on. */
  startDraining(): void {
    this.draining = true;
  }

  /** True once {@link HealthService.startDraining} was called. */
  get isDraining(): boolean {
    return this.draining;
  }

  /** The liveness answer: the process can respond. */
  liveness(): Schemas["Liveness"] {
    return { status: "ok", uptimeSeconds: Math.round(process.uptime() * 10) / 10 };
  }

  /** Probes every dependency in parallel, each under the probe time limit; while draining, answers at once without probing. */
  async readiness(): Promise<ReadinessResult> {
    // A balancer must learn about a drain as fast as possible; slow probes under load would delay it.
    if (this.draining) return { ready: false, draining: true, checks: [] };
    const checks = await this.checkDependencies();
    // A replica that is down costs nothing but load on the primary: reads fall back to it.
    const required = checks.filter((c) => c.name !== "replica");
    return { ready: !this.draining && required.every((c) => c.status === "up"), draining: this.draining, checks };
  }

  /** The aggregate report: `down` when the database is down, `degraded` when anything else is, else `ok`. */
  async report(): Promise<Schemas["HealthReport"]> {
    const dependencies = await this.checkDependencies();
    const sections = await Promise.all(sectionNames.map((name) => this.sectionHealth(name)));
    const databaseDown = dependencies.some((d) => d.name === "database" && d.status === "down");
    const anythingDegraded = dependencies.some((d) => d.status === "down") || sections.some((s) => s.status !== "up") || this.draining;
    return {
      status: databaseDown ? "down" : anythingDegraded ? "degraded" : "ok",
      version: this.options.version,
      uptimeSeconds: this.liveness().uptimeSeconds,
      dependencies,
      sections,
    };
  }

  /** One probe round at a time: concurrent callers and callers within `reuseResultsMs` share it. */
  private checkDependencies(): Promise<DependencyCheck[]> {
    const now = performance.now();
    if (this.lastRound && now - this.lastRound.at < (this.options.reuseResultsMs ?? 500)) return this.lastRound.checks;
    const checks = Promise.all(this.options.probes.map((probe) => runProbe(probe, this.options.probeTimeoutMs))).then((probed) => [...probed, ...this.replicaChecks()]);
    this.lastRound = { at: now, checks };
    return checks;
  }

  /** The replicas as the router's lag checks last saw them (it measures on its own timer; nothing is queried here). */
  private replicaChecks(): DependencyCheck[] {
    return (this.options.replicas?.() ?? []).map((replica): DependencyCheck => ({
      name: "replica",
      status: replica.usable ? "up" : "down",
      target: replica.name,
      ...(replica.lagMs !== undefined && Number.isFinite(replica.lagMs) ? { lagMs: replica.lagMs } : {}),
      ...(replica.usable ? {} : { error: (replica.error ?? (replica.lagMs === undefined ? "lag unknown" : `replay lag ${replica.lagMs} ms is over DATABASE_READ_MAX_LAG_MS`)).slice(0, 500) }),
    }));
  }

  private async sectionHealth(name: Schemas["SectionName"]): Promise<Schemas["SectionHealth"]> {
    const circuit = this.options.metrics.circuitState(name);
    // An open breaker serves only stale copies; half-open is testing recovery.
    const status = circuit === "open" ? "down" : circuit === "halfOpen" ? "degraded" : "up";
    return { name, status, latencyMs: await this.options.metrics.sectionP95Ms(name), circuit };
  }
}
