// The one summary table of a bench run: every scenario and phase on the
// server, the baselines beside the scenarios they mirror, and the ratios.
// Printed to the console and rendered in the HTML report from the same rows.

const n = (v, digits = 1) => (v === null || v === undefined || Number.isNaN(v) ? "–" : String(Math.round(v * 10 ** digits) / 10 ** digits));
const pct = (v) => (v === null || v === undefined ? "–" : `${n(v * 100, 1)}%`);

/** Column titles of the summary table. */
export const columns = ["server", "scenario", "phase", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors", "cache hit", "CPU %", "RSS MB", "ELU", "lag p99 ms", "pool waits", "gen lag p99 ms", "× express", "× raw"];

function row(server, scenario, phaseName, p, ratios) {
  const ratio = (baseline) => ratios.find((r) => r.scenario === scenario && r.phase === phaseName && r.baseline === baseline)?.ratio;
  return [
    server,
    scenario,
    phaseName === "fixedRate" ? `fixed ${p.stages?.length > 1 ? p.stages.map((s) => s.rate).join("→") : Math.round(p.offeredRate)}/s c${p.connections}` : `saturation c${p.connections}`,
    n(p.reqPerSec, 0),
    n(p.latencyMs.p50, 2),
    n(p.latencyMs.p95, 2),
    n(p.latencyMs.p99, 2),
    n(p.latencyMs.max, 1),
    pct(p.errorRate),
    pct(p.cacheHitRatio),
    n(p.server.cpuPct, 0),
    n(p.server.rssMaxMb, 0),
    n(p.server.eventLoopUtilization, 2),
    n(p.server.eventLoopLagMs?.p99, 1),
    p.server.pool ? `${p.server.pool.waits}/${p.server.pool.acquires}` : "–",
    // How late the open-loop generator sent its requests: high values mean the machine, not the server, set the latency.
    n(p.dispatchLagMs?.p99, 1),
    ratio("bare-express") === undefined ? "" : `${n(ratio("bare-express"), 2)}×`,
    ratio("raw-http") === undefined ? "" : `${n(ratio("raw-http"), 2)}×`,
  ];
}

/** The table's rows (arrays of cell strings) for a bench result. */
export function summaryRows(result) {
  const rows = [];
  for (const s of result.scenarios) {
    for (const phase of ["saturation", "fixedRate"]) {
      if (s[phase]) rows.push(row("intro-page", s.name, phase, s[phase], result.ratios));
      for (const [kind, byScenario] of Object.entries(result.baselines ?? {})) {
        const b = byScenario[s.name]?.[phase];
        if (b) rows.push(row(kind, s.name, phase, b, []));
      }
    }
  }
  return rows;
}

/** The rows as aligned plain text. */
export function formatTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** The ratio table the hot-path work tracks: ours vs each baseline, and 304 vs full read. */
export function ratioRows(result) {
  return (result.ratios ?? []).map((r) => [r.key, n(r.ours, 0), n(r.theirs, 0), `${n(r.ratio, 3)}×`]);
}
