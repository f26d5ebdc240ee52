// The self-contained HTML report of a bench (or profile) run: tables,
// inline-SVG charts, query plans, widget timings, the comparison with the
// previous run and the recommendations. One file, no external resources.
import { barChart, esc, lineChart } from "./svg-charts.mjs";
import { columns, ratioRows, summaryRows } from "./table.mjs";

const table = (header, rows, caption) =>
  `<table>${caption ? `<caption>${esc(caption)}</caption>` : ""}<thead><tr>${header.map((h) => `<th scope="col">${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>`;

function throughputChart(result) {
  const bars = [];
  let group = 0;
  for (const s of result.scenarios.filter((x) => x.saturation)) {
    bars.push({ label: `${s.name} · intro-page`, value: s.saturation.reqPerSec, group: 0 });
    for (const [kind, byScenario] of Object.entries(result.baselines ?? {})) {
      const b = byScenario[s.name]?.saturation;
      if (b) bars.push({ label: `${s.name} · ${kind}`, value: b.reqPerSec, group: kind === "raw-http" ? 2 : 1 });
    }
    group++;
  }
  return bars.length ? barChart({ title: "Throughput at saturation, same run and load generator", bars, unit: "req/s" }) : "";
}

function latencyCharts(result) {
  return result.scenarios
    .filter((s) => s.fixedRate?.perSecond?.length)
    .map((s) =>
      lineChart({
        title: `${s.name}: latency at a fixed offered rate (${s.fixedRate.stages.map((x) => x.rate).join(" → ")} req/s)`,
        xLabel: "seconds",
        yLabel: "ms",
        series: ["p50", "p95", "p99"].map((q) => ({ name: q, points: s.fixedRate.perSecond.map((b) => [b.t, b[q]]) })),
      }),
    )
    .join("");
}

function memoryChart(result) {
  const series = [];
  for (const s of result.scenarios) {
    for (const phase of ["saturation", "fixedRate"]) {
      const samples = s[phase]?.server.samples;
      if (samples?.length) series.push({ name: `${s.name} ${phase === "fixedRate" ? "fixed" : "sat."}`, points: samples.map((x) => [x.t, x.rssMb]) });
    }
  }
  return series.length ? lineChart({ title: "Server resident memory during each phase", xLabel: "seconds into the phase", yLabel: "RSS MB", series }) : "";
}

function databaseSection(db) {
  if (!db) return "";
  const rows = db.queries.map((q) => [q.section, q.name, q.mirrors, q.p50Ms, q.p95Ms, q.maxMs, q.executionMs, q.usesIndex ? "yes" : "NO"]);
  const plans = db.queries.map((q) => `<details><summary>${esc(`${q.section} · ${q.name}`)}</summary><pre>${esc(q.plan)}</pre></details>`).join("");
  return `<section><h2>Database: section queries at this scale</h2><p>${esc(db.kind)}, ${esc(db.users)} perf users, ${esc(db.activity)} activity rows; ${esc(db.queries[0]?.runs ?? 0)} runs per query, one user each, spread over the dataset, from the lab's own connection.</p>${table(["section", "query", "mirrors (packages/server/src/data-access/)", "p50 ms", "p95 ms", "max ms", "EXPLAIN execution ms", "index"], rows)}<h3>Plans (EXPLAIN (ANALYZE, BUFFERS))</h3>${plans}</section>`;
}

function widgetSection(widget) {
  if (!widget) return "";
  if (widget.skipped) return `<section><h2>Widget</h2><p>Skipped: ${esc(widget.skipped)}</p></section>`;
  const timing = widget.timing
    ? table(["measure", "p50 ms", "p95 ms", "max ms"], [
        ["first skeleton", widget.timing.skeletonMs.p50, widget.timing.skeletonMs.p95, widget.timing.skeletonMs.max],
        ["content", widget.timing.contentMs.p50, widget.timing.contentMs.p95, widget.timing.contentMs.max],
      ], `${widget.timing.loads} loads of the demo page in headless Chromium; source: ${widget.timing.source}`)
    : "";
  const bundles = table(["file", "bytes", "gzip", "brotli"], (widget.bundles ?? []).map((b) => [b.file, b.bytes, b.gzip, b.brotli]), "Bundle sizes");
  return `<section><h2>Widget</h2>${timing}${widget.note ? `<p>${esc(widget.note)}</p>` : ""}${bundles}</section>`;
}

function comparisonSection(comparison) {
  if (!comparison) return "";
  if (!comparison.previous) return `<section><h2>Compared with the previous run</h2><p>No earlier run of this profile and database in perf/results/.</p></section>`;
  const rows = comparison.changes.map((c) => [c.key, c.before, c.after, `${Math.round(c.change * 1000) / 10}%`, c.regression ? "REGRESSION" : ""]);
  return `<section><h2>Compared with ${esc(comparison.previous)}</h2><p>A ratio falling by more than ${comparison.margin * 100}% is flagged.</p>${table(["ratio", "before", "now", "change", ""], rows)}</section>`;
}

function insightsSection(insights) {
  if (!insights) return "";
  if (insights.length === 0) return `<section><h2>Recommendations</h2><p>No rule fired: every measured number is inside its threshold.</p></section>`;
  return `<section><h2>Recommendations</h2><ol>${insights
    .map((i) => `<li><strong>${esc(i.metric)}</strong> = ${esc(Math.round(i.value * 1000) / 1000)} (threshold ${esc(i.threshold)}): ${esc(i.finding)} <em>${esc(i.recommendation)}</em></li>`)
    .join("")}</ol></section>`;
}

/** The profile section: top frames by package and by middleware, and the flame graph. */
export function profileSection(profile) {
  if (!profile) return "";
  const share = (x) => `${Math.round(x * 1000) / 10}%`;
  return `<section><h2>CPU profile: ${esc(profile.scenario)}</h2><p>${esc(profile.samples)} samples over ${esc(profile.seconds)} s of load (${esc(profile.file)}).</p>
${table(["package", "self time", "share"], profile.packages.map((p) => [p.name, `${p.ms} ms`, share(p.share)]), "Self time by package")}
${table(["middleware", "time", "share"], profile.middleware.map((p) => [p.name, `${p.ms} ms`, share(p.share)]), "Time under each Express middleware (the innermost layer on the stack)")}
${table(["outside every layer, by package", "time", "share"], (profile.outsideLayers ?? []).map((p) => [p.name, `${p.ms} ms`, share(p.share)]), "Time under no Express layer: code after an await, socket writes, GC")}
${table(["function", "package", "location", "self time", "share"], profile.topFrames.map((f) => [f.name, f.package, f.location, `${f.ms} ms`, share(f.share)]), "Top self-time frames")}
<h3>Flame graph</h3><div class="flame">${profile.flameGraphSvg}</div></section>`;
}

/** The whole report for a bench run (and, when present, its profile). */
export function renderReport(result) {
  const m = result.machine;
  const ratioTable = result.ratios?.length ? table(["ratio", "ours req/s", "theirs req/s", "ratio"], ratioRows(result), "Same run, same load generator, each server in its own process") : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>intro-page performance report ${esc(result.date)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1200px;padding:1rem;color:#1f2328}
table{border-collapse:collapse;margin:.5rem 0 1rem;font-variant-numeric:tabular-nums}
th,td{border:1px solid #d0d7de;padding:.2rem .45rem;text-align:right}th{background:#f6f8fa}td:first-child,th:first-child{text-align:left}
caption{text-align:left;font-weight:600;padding:.25rem 0}pre{background:#f6f8fa;padding:.5rem;overflow:auto;font-size:12px}
.chart{display:block;margin:.5rem 0;max-width:100%;height:auto}.flame svg{max-width:100%;height:auto}.note{background:#fff8c5;padding:.5rem .75rem;border-left:4px solid #bf8700}
</style></head><body><main>
<h1>intro-page performance report</h1>
<p>${esc(result.date)} · profile <strong>${esc(result.profile)}</strong> · git ${esc(result.git?.commit ?? "?")}${result.git?.dirty ? " (uncommitted changes)" : ""} · Node ${esc(m.node)} · ${esc(m.cpus)} × ${esc(m.cpuModel)} · ${esc(m.memoryGb)} GB · database ${esc(result.settings.database)} · load generator ${esc(result.settings.generator)} (saturation) and open-loop node:http (fixed rate) · ${esc(result.settings.phaseSeconds)} s per phase · log level ${esc(result.settings.logLevel)}</p>
<p class="note">Load average ${esc(m.loadAverageStart)} at the start and ${esc(m.loadAverageEnd)} at the end on ${esc(m.cpus)} cores. The load generators share the machine with the servers; compare ratios between runs rather than absolute numbers.</p>
${result.dataset ? `<p>Dataset: ${esc(result.dataset.users)} perf users, ${esc(result.dataset.activity)} activity rows (${result.dataset.reused ? "reused" : `seeded in ${esc(result.dataset.seconds.toFixed(1))} s`}). Page body ${esc(result.pageBytes ?? "?")} bytes.</p>` : ""}
<section><h2>Summary</h2>${table(columns, summaryRows(result))}${ratioTable}</section>
<section><h2>Charts</h2>${throughputChart(result)}${latencyCharts(result)}${memoryChart(result)}</section>
${databaseSection(result.database)}
${widgetSection(result.widget)}
${profileSection(result.cpuProfile)}
${comparisonSection(result.comparison)}
${insightsSection(result.insights)}
</main></body></html>
`;
}
