import { Gauge, type Registry } from "prom-client";
import type { ReadRoutingCounts, ReplicaState } from "../../data-access/read-replicas.js";

/** What the replica metrics read at scrape time (the data-access `ReadRouter`). */
export interface ReplicaMonitor {
  states(): ReplicaState[];
  routingCounts(): ReadRoutingCounts;
}

/**
 * Registers the read-replica gauges on `registry`: each replica's replay lag
 * and whether reads use it, and where section reads went. Values are read on
 * each scrape.
 */
export function registerReplicaMetrics(registry: Registry, replicas: ReplicaMonitor): void {
  new Gauge({
    name: "intro_page_db_replica_lag_seconds",
    help: "Replay lag of each read replica behind the primary (-1 when unreachable)",
    labelNames: ["replica"],
    registers: [registry],
    collect() {
      for (const state of replicas.states()) this.set({ replica: state.name }, state.lagMs === undefined ? -1 : state.lagMs / 1000);
    },
  });
  new Gauge({
    name: "intro_page_db_replica_in_use",
    help: "1 when section reads may go to the replica (up and within DATABASE_READ_MAX_LAG_MS), else 0",
    labelNames: ["replica"],
    registers: [registry],
    collect() {
      for (const state of replicas.states()) this.set({ replica: state.name }, state.usable ? 1 : 0);
    },
  });
  new Gauge({
    name: "intro_page_db_reads",
    help: "Repository reads since start by target: replica, primary (read-your-writes or no usable replica), fallback (a replica failed, the primary answered)",
    labelNames: ["target"],
    registers: [registry],
    collect() {
      const counts = replicas.routingCounts();
      this.set({ target: "replica" }, counts.replica);
      this.set({ target: "primary" }, counts.primary);
      this.set({ target: "fallback" }, counts.fallbacks);
    },
  });
}
