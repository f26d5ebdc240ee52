// Reads a V8 .cpuprofile (from `node --cpu-prof`): self time by package, by
// Express middleware and by function, and an inline-SVG flame graph. Frames
// in the server's bundled dist/ are mapped back to their TypeScript source
// through the build's source maps, so middleware get readable names.
import { existsSync, readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { fileURLToPath } from "node:url";
import { esc } from "../report/svg-charts.mjs";

const sourceMaps = new Map();
/** The original `file.ts:line` of a position in a bundled script with a `.map` beside it, else undefined. */
function originalPosition(url, line, column) {
  if (!url.startsWith("file://") || !url.includes("/dist/")) return undefined;
  if (!sourceMaps.has(url)) {
    const mapFile = `${fileURLToPath(url)}.map`;
    sourceMaps.set(url, existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, "utf8"))) : null);
  }
  const entry = sourceMaps.get(url)?.findEntry(line, column);
  if (!entry?.originalSource) return undefined;
  const source = entry.originalSource.replace(/^.*?\/src\//, "src/");
  return { source, line: entry.originalLine + 1, name: entry.name };
}

const PSEUDO = new Set(["(root)", "(program)", "(idle)", "(garbage collector)"]);
/** The frame Express 5's router calls each middleware from (node_modules/router/lib/layer.js). */
const isLayerCall = (frame) => frame.url.includes("/router/lib/layer.js") && (frame.functionName === "handleRequest" || frame.functionName === "handleError");
/** Label prefix of samples under no Express layer: code after an await, socket I/O, parsing, GC. */
export const OUTSIDE_EXPRESS = "outside layers:";
/** Packages that are Node or V8 themselves, skipped when naming who caused a sample. */
const NODE_ITSELF = new Set(["node (internals)", "(native)", "(program)", "(garbage collector)", "(root)"]);

/** Which package a frame belongs to, from its script URL. */
export function packageOf(frame) {
  if (PSEUDO.has(frame.functionName) && !frame.url) return frame.functionName;
  const url = frame.url;
  if (!url) return "(native)";
  if (url.startsWith("wasm://")) return "(WebAssembly)";
  const nm = url.lastIndexOf("/node_modules/");
  if (nm >= 0) {
    const [first, second] = url.slice(nm + "/node_modules/".length).split("/");
    return first.startsWith("@") ? `${first}/${second}` : first;
  }
  if (url.startsWith("node:")) return "node (internals)";
  const workspace = /\/packages\/([^/]+)\//.exec(url);
  if (workspace) return `@intro-page/${workspace[1]}`;
  return "(other scripts)";
}

/** `file.js:line` of a frame, shortened to the part after node_modules or packages. */
export function locationOf(frame) {
  if (!frame.url) return "";
  const original = originalPosition(frame.url, frame.lineNumber, frame.columnNumber);
  if (original) return `${original.source}:${original.line}`;
  const short = frame.url.replace(/^file:\/\//, "").replace(/^.*\/node_modules\//, "").replace(/^.*\/packages\//, "packages/");
  return `${short}:${frame.lineNumber + 1}`;
}

const frameName = (frame) => frame.functionName || "(anonymous)";

/** Self time (µs) per node id. */
function selfTimes(profile) {
  const selfUs = new Map();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  return selfUs;
}

/**
 * The profile cut to samples taken between `fromUs` and `toUs` (V8's
 * monotonic clock, as `process.hrtime` reads it): the load, not the start-up.
 */
export function sliceProfile(profile, fromUs, toUs) {
  const samples = [];
  const timeDeltas = [];
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    if (t >= fromUs && t <= toUs) {
      samples.push(id);
      timeDeltas.push(profile.timeDeltas[i] ?? 0);
    }
  });
  return { ...profile, startTime: Math.max(profile.startTime, fromUs), endTime: Math.min(profile.endTime, toUs), samples, timeDeltas };
}

/**
 * Analyses a profile: self time (ms) and share of the non-idle time by
 * package, by middleware (the innermost function an Express layer called
 * on the sample's stack) and by function.
 */
export function analyzeProfile(profile, { top = 25 } = {}) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const selfUs = selfTimes(profile);

  const stageOf = new Map();
  /** The innermost function an Express layer called on this node's stack, or undefined when none did. */
  const middlewareOf = (id) => {
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const up = parent.get(cur);
      if (up !== undefined && isLayerCall(nodes.get(up).callFrame)) {
        const frame = nodes.get(cur).callFrame;
        return `${frameName(frame)} (${packageOf(frame)} ${locationOf(frame)})`;
      }
    }
    return undefined;
  };
  /** Outside any layer: the first package on the stack (from the leaf) that is not Node itself. */
  const outsideOf = (id) => {
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const pkg = packageOf(nodes.get(cur).callFrame);
      if (!NODE_ITSELF.has(pkg)) return `${OUTSIDE_EXPRESS} ${pkg}`;
    }
    return `${OUTSIDE_EXPRESS} ${packageOf(nodes.get(id).callFrame)}`;
  };
  const stage = (id) => {
    if (!stageOf.has(id)) stageOf.set(id, middlewareOf(id) ?? outsideOf(id));
    return stageOf.get(id);
  };

  const byPackage = new Map();
  const byStage = new Map();
  const byFunction = new Map();
  let busyUs = 0;
  let totalUs = 0;
  for (const [id, us] of selfUs) {
    const frame = nodes.get(id).callFrame;
    totalUs += us;
    if (frame.functionName === "(idle)") continue;
    busyUs += us;
    const pkg = packageOf(frame);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
    const name = stage(id);
    byStage.set(name, (byStage.get(name) ?? 0) + us);
    const key = `${frameName(frame)}\u0000${locationOf(frame)}\u0000${pkg}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  const rank = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .map(([name, us]) => ({ name, ms: Math.round(us / 100) / 10, share: busyUs ? Math.round((us / busyUs) * 10_000) / 10_000 : 0 }));
  return {
    samples: profile.samples.length,
    seconds: Math.round(totalUs / 1000) / 1000,
    busyShare: totalUs ? Math.round((busyUs / totalUs) * 1000) / 1000 : 0,
    packages: rank(byPackage),
    /** Time under each Express middleware (the innermost layer on the stack). */
    middleware: rank(byStage).filter((m) => !m.name.startsWith(OUTSIDE_EXPRESS)),
    /** Time outside every layer (after an await, socket writes, GC), by the first non-Node package on the stack. */
    outsideLayers: rank(byStage).filter((m) => m.name.startsWith(OUTSIDE_EXPRESS)),
    topFrames: rank(byFunction)
      .slice(0, top)
      .map(({ name, ...rest }) => {
        const [fn, location, pkg] = name.split("\u0000");
        return { name: fn, location, package: pkg, ...rest };
      }),
  };
}

const colors = ["#f4a261", "#e9c46a", "#8ecae6", "#a7c957", "#cdb4db", "#ffafcc", "#90be6d", "#f9844a", "#bde0fe", "#ffd166"];
const colorOf = (pkg) => {
  let h = 0;
  for (const c of pkg) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return colors[h % colors.length];
};

/**
 * A flame graph (root at the bottom, callees above) of the profile's
 * non-idle time, frames with the same function merged per parent, as inline
 * SVG with a tooltip per frame.
 */
export function flameGraphSvg(profile, { width = 1200, row = 16, minWidthPx = 0.4 } = {}) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = selfTimes(profile);
  // Merge the V8 tree into one keyed by function identity per parent path.
  const build = (node) => {
    const frame = node.callFrame;
    const merged = { name: frameName(frame), pkg: packageOf(frame), location: locationOf(frame), self: frame.functionName === "(idle)" ? 0 : selfUs.get(node.id) ?? 0, children: new Map() };
    for (const childId of node.children ?? []) {
      const child = build(nodes.get(childId));
      const key = `${child.name} ${child.location}`;
      const existing = merged.children.get(key);
      if (existing) mergeInto(existing, child);
      else merged.children.set(key, child);
    }
    merged.total = merged.self + [...merged.children.values()].reduce((s, c) => s + c.total, 0);
    return merged;
  };
  const mergeInto = (a, b) => {
    a.self += b.self;
    a.total += b.total;
    for (const [key, child] of b.children) {
      const existing = a.children.get(key);
      if (existing) mergeInto(existing, child);
      else a.children.set(key, child);
    }
  };
  const root = build(profile.nodes[0]);
  const rects = [];
  let depthMax = 0;
  const scale = root.total ? width / root.total : 0;
  const place = (node, x, depth) => {
    const w = node.total * scale;
    if (w < minWidthPx) return;
    depthMax = Math.max(depthMax, depth);
    rects.push({ node, x, depth, w });
    let cx = x;
    for (const child of [...node.children.values()].sort((a, b) => a.name.localeCompare(b.name))) {
      place(child, cx, depth + 1);
      cx += child.total * scale;
    }
  };
  place(root, 0, 0);
  const height = (depthMax + 1) * row;
  const body = rects
    .map(({ node, x, depth, w }) => {
      const y = height - (depth + 1) * row;
      const pct = root.total ? Math.round((node.total / root.total) * 1000) / 10 : 0;
      const label = w > 30 ? `<text x="${(x + 3).toFixed(1)}" y="${y + 11}">${esc(node.name.slice(0, Math.floor(w / 6.5)))}</text>` : "";
      return `<g><title>${esc(`${node.name} — ${node.pkg} ${node.location}\n${Math.round(node.total / 100) / 10} ms (${pct}%)`)}</title><rect x="${x.toFixed(1)}" y="${y}" width="${Math.max(0.5, w - 0.3).toFixed(1)}" height="${row - 1}" fill="${colorOf(node.pkg)}"/>${label}</g>`;
    })
    .join("");
  return `<svg role="img" aria-label="CPU flame graph" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-size="10" font-family="ui-monospace,monospace">${body}</svg>`;
}
