// The operators' live view (GET /dashboard): polls the admin metrics API and
// draws the last five minutes. Rates come from differences between two
// snapshots, because the API reports totals since start.
const pollMs = 5_000;
const keep = 60; // five minutes of samples

const charts = [
  { key: "rate", title: "Requests per second", unit: "req/s", digits: 1 },
  { key: "p95", title: "p95 latency, page reads", unit: "ms", digits: 1 },
  { key: "errorRate", title: "Error rate (5xx)", unit: "%", digits: 2 },
  { key: "hitRatio", title: "Cache hit ratio", unit: "%", digits: 1 },
  { key: "rateLimited", title: "429s per second", unit: "/s", digits: 2 },
  { key: "openCircuits", title: "Open circuits", unit: "", digits: 0 },
];

const samples = [];
let previous;
let timer;

function renderCharts() {
  const container = document.getElementById("charts");
  container.replaceChildren(
    ...charts.map((chart) => {
      const figure = document.createElement("figure");
      figure.dataset.chart = chart.key;
      const values = samples.map((sample) => sample[chart.key]).filter((value) => Number.isFinite(value));
      const last = values.at(-1);
      const caption = document.createElement("figcaption");
      const label = document.createElement("span");
      label.textContent = chart.title;
      const now = document.createElement("output");
      now.textContent = last === undefined ? "–" : `${last.toFixed(chart.digits)} ${chart.unit}`.trim();
      caption.append(label, now);
      figure.append(caption, sparkline(values, chart.title));
      return figure;
    }),
  );
}

/** An SVG line over the samples, scaled to its own maximum (a flat zero line when there is nothing yet). */
function sparkline(values, title) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${keep - 1} 100`);
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `${title}, last ${values.length} samples`);
  const axis = document.createElementNS(ns, "line");
  Object.entries({ x1: 0, y1: 99, x2: keep - 1, y2: 99 }).forEach(([k, v]) => axis.setAttribute(k, String(v)));
  const max = Math.max(...values, 1e-9);
  const offset = keep - values.length;
  const line = document.createElementNS(ns, "polyline");
  line.setAttribute("points", values.map((value, i) => `${offset + i},${(100 - (value / max) * 95).toFixed(2)}`).join(" "));
  svg.append(axis, line);
  return svg;
}

function renderSections(snapshot) {
  const body = document.querySelector("#circuits tbody");
  body.replaceChildren(
    ...snapshot.sections.map((section) => {
      const row = document.createElement("tr");
      const cells = [section.name, section.circuit, section.count, section.failures, section.timeouts, section.p95Ms?.toFixed(1) ?? "–"];
      cells.forEach((value, index) => {
        const cell = document.createElement(index === 0 ? "th" : "td");
        if (index === 0) cell.scope = "row";
        cell.textContent = String(value);
        if (index === 1 && value === "open") cell.className = "open";
        row.append(cell);
      });
      return row;
    }),
  );
}

/** One point per chart from two consecutive snapshots. */
function sampleOf(snapshot, before) {
  const total = (s) => s.routes.reduce((sum, route) => sum + route.count, 0);
  const seconds = Math.max(snapshot.uptimeSeconds - (before?.uptimeSeconds ?? 0), 1e-3);
  const requests = before ? total(snapshot) - total(before) : 0;
  const errors = before ? snapshot.errors - before.errors : 0;
  const page = snapshot.routes.find((route) => route.route === "/api/v1/intro-page/:userId");
  return {
    rate: before ? requests / seconds : Number.NaN,
    p95: page?.p95Ms ?? Number.NaN,
    errorRate: before && requests > 0 ? (errors / requests) * 100 : before ? 0 : Number.NaN,
    hitRatio: snapshot.cache.hitRatio * 100,
    rateLimited: before ? (snapshot.rateLimited - before.rateLimited) / seconds : Number.NaN,
    openCircuits: snapshot.sections.filter((section) => section.circuit === "open").length,
  };
}

async function poll(token) {
  const status = document.getElementById("status");
  try {
    const response = await fetch("/api/v1/metrics", { headers: { Authorization: `Bearer ${token}` } });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      status.textContent = `The metrics API answered ${response.status}: ${problem.detail ?? response.statusText}`;
      return;
    }
    const snapshot = await response.json();
    samples.push(sampleOf(snapshot, previous));
    if (samples.length > keep) samples.shift();
    previous = snapshot;
    renderCharts();
    renderSections(snapshot);
    status.textContent = `Updated ${new Date().toLocaleTimeString()}; up ${Math.round(snapshot.uptimeSeconds)} s, RSS ${(snapshot.process.rssBytes / 2 ** 20).toFixed(0)} MB, event-loop lag ${snapshot.process.eventLoopLagMs.toFixed(1)} ms.`;
  } catch (error) {
    status.textContent = `The server did not answer (${error.message}); trying again.`;
  }
}

function connect(token) {
  sessionStorage.setItem("intro-page-dashboard-token", token);
  clearInterval(timer);
  samples.length = 0;
  previous = undefined;
  void poll(token);
  timer = setInterval(() => poll(token), pollMs);
}

document.getElementById("connect").addEventListener("submit", (event) => {
  event.preventDefault();
  connect(new FormData(event.target).get("token"));
});
renderCharts();
const saved = sessionStorage.getItem("intro-page-dashboard-token");
if (saved) connect(saved);
