// Preloaded into every measured process (`node --import …/server-probe.mjs`):
// measures what only the process itself can see — event-loop utilization and
// delay, and (in the intro-page server) how long requests wait for a database
// connection — and answers the lab's snapshot requests over the IPC channel.
// It changes nothing the server does; without an IPC channel it stays idle.
import { createRequire } from "node:module";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";

if (process.send) {
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  let eluMark = performance.eventLoopUtilization();
  const pool = { acquires: 0, waits: 0, waitMs: [] };
  patchSequelizePool(pool);

  process.on("message", (message) => {
    if (message?.type !== "perf-probe") return;
    const elu = performance.eventLoopUtilization(eluMark);
    const waitMs = pool.waitMs.slice().sort((a, b) => a - b);
    process.send({
      type: "perf-probe",
      id: message.id,
      eventLoopUtilization: elu.utilization,
      lagMs: { p50: lag.percentile(50) / 1e6, p99: lag.percentile(99) / 1e6, max: lag.max / 1e6 },
      pool: {
        acquires: pool.acquires,
        waits: pool.waits,
        waitP95Ms: waitMs.length ? waitMs[Math.ceil(0.95 * waitMs.length) - 1] : 0,
        waitMaxMs: waitMs.at(-1) ?? 0,
      },
      memory: process.memoryUsage(),
      // The clock V8's CPU profiles use (monotonic µs), so a profile can be cut to the load window.
      hrtimeUs: Number(process.hrtime.bigint() / 1000n),
    });
    if (message.reset) {
      eluMark = performance.eventLoopUtilization();
      lag.reset();
      Object.assign(pool, { acquires: 0, waits: 0, waitMs: [] });
    }
  });
  // The channel must not keep the server alive after SIGTERM.
  process.channel?.unref();
}

/** Counts connection acquisitions that found the pool exhausted, and how long they waited. */
function patchSequelizePool(pool) {
  let Pool;
  try {
    const fromServer = createRequire(new URL("../../packages/server/package.json", import.meta.url));
    Pool = createRequire(fromServer.resolve("sequelize"))("sequelize-pool").Pool;
  } catch {
    return; // a baseline process: no database
  }
  const acquire = Pool.prototype.acquire;
  Pool.prototype.acquire = function patchedAcquire(...args) {
    pool.acquires++;
    if (this.available > 0 || this.size < this.maxSize) return acquire.apply(this, args);
    pool.waits++;
    const started = performance.now();
    const pending = acquire.apply(this, args);
    const record = () => {
      if (pool.waitMs.length < 100_000) pool.waitMs.push(performance.now() - started);
    };
    pending.then(record, record);
    return pending;
  };
}
