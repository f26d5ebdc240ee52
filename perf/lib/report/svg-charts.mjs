// Small inline-SVG charts for the self-contained HTML report: no script, no
// external file, readable when printed.

/** Escapes text for HTML and SVG. */
export const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

const palette = ["#0969da", "#cf222e", "#1a7f37", "#8250df", "#bc4c00", "#0550ae", "#6e7781", "#bf3989"];

/** A "nice" upper bound for an axis. */
function niceMax(value) {
  if (!(value > 0)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((m) => m >= value);
}

const fmt = (v) => (v >= 1000 ? `${Math.round(v / 100) / 10}k` : `${Math.round(v * 100) / 100}`);

/**
 * A line chart of named series of [x, y] points.
 * @param {{ title: string, series: Array<{ name: string, points: Array<[number, number]> }>, xLabel: string, yLabel: string, width?: number, height?: number }} options
 */
export function lineChart({ title, series, xLabel, yLabel, width = 640, height = 260 }) {
  const pad = { left: 56, right: 12, top: 28, bottom: 40 };
  const all = series.flatMap((s) => s.points);
  const xMax = niceMax(Math.max(0, ...all.map((p) => p[0])));
  const yMax = niceMax(Math.max(0, ...all.map((p) => p[1])));
  const w = width - pad.left - pad.right;
  const h = height - pad.top - pad.bottom;
  const x = (v) => pad.left + (v / xMax) * w;
  const y = (v) => pad.top + h - (v / yMax) * h;
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const grid = ticks
    .map((f) => `<line x1="${pad.left}" x2="${pad.left + w}" y1="${y(f * yMax)}" y2="${y(f * yMax)}" stroke="#d0d7de"/><text x="${pad.left - 6}" y="${y(f * yMax) + 4}" text-anchor="end">${fmt(f * yMax)}</text>`)
    .join("");
  const xTicks = ticks.map((f) => `<text x="${x(f * xMax)}" y="${pad.top + h + 16}" text-anchor="middle">${fmt(f * xMax)}</text>`).join("");
  const lines = series
    .map((s, i) => `<polyline fill="none" stroke="${palette[i % palette.length]}" stroke-width="1.8" points="${s.points.map(([a, b]) => `${x(a).toFixed(1)},${y(b).toFixed(1)}`).join(" ")}"><title>${esc(s.name)}</title></polyline>`)
    .join("");
  const legend = series
    .map((s, i) => `<g transform="translate(${pad.left + 8 + (i % 4) * 150},${pad.top + 6 + Math.floor(i / 4) * 14})"><rect width="10" height="10" fill="${palette[i % palette.length]}"/><text x="14" y="9">${esc(s.name)}</text></g>`)
    .join("");
  return `<svg class="chart" role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-size="11" font-family="system-ui,sans-serif">
<text x="${pad.left}" y="16" font-weight="600" font-size="13">${esc(title)}</text>${grid}${xTicks}
<text x="${pad.left + w / 2}" y="${height - 6}" text-anchor="middle">${esc(xLabel)}</text>
<text transform="translate(12,${pad.top + h / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>${lines}${legend}</svg>`;
}

/**
 * A horizontal bar chart.
 * @param {{ title: string, bars: Array<{ label: string, value: number, group?: number }>, unit: string, width?: number }} options
 */
export function barChart({ title, bars, unit, width = 640 }) {
  const row = 20;
  const pad = { left: 230, right: 80, top: 28, bottom: 8 };
  const height = pad.top + pad.bottom + bars.length * row;
  const max = niceMax(Math.max(0, ...bars.map((b) => b.value)));
  const w = width - pad.left - pad.right;
  const rects = bars
    .map((b, i) => {
      const top = pad.top + i * row;
      const len = (b.value / max) * w;
      return `<text x="${pad.left - 6}" y="${top + 14}" text-anchor="end">${esc(b.label)}</text><rect x="${pad.left}" y="${top + 3}" width="${len.toFixed(1)}" height="${row - 6}" fill="${palette[(b.group ?? 0) % palette.length]}"><title>${esc(`${b.label}: ${fmt(b.value)} ${unit}`)}</title></rect><text x="${pad.left + len + 4}" y="${top + 14}">${fmt(b.value)} ${esc(unit)}</text>`;
    })
    .join("");
  return `<svg class="chart" role="img" aria-label="${esc(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-size="11" font-family="system-ui,sans-serif"><text x="8" y="16" font-weight="600" font-size="13">${esc(title)}</text>${rects}</svg>`;
}
