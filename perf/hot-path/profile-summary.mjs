// Summarizes a V8 .cpuprofile (node --cpu-prof): share of samples per package (self and inclusive) and the
// hottest functions, so a profile taken under wrk reads as a breakdown of the pipeline's stages.
//   node perf/hot-path/profile-summary.mjs CPU.….cpuprofile [--top 25] [--skip 10] [--until 20]
// --skip drops the first seconds (start-up) and --until the samples after that second (a later phase); idle samples
// are left out, so shares are of busy time.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: "string", default: "25" }, skip: { type: "string", default: "0" }, until: { type: "string" } } });
const profile = JSON.parse(readFileSync(positionals[0], "utf8"));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

/** Where a frame's code lives: an npm package, our server, node's internals, or V8 (GC, idle, program). */
function ownerOf(frame) {
  const url = frame.url ?? "";
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.includes("packages/server/")) return `server:${/packages\/server\/(?:dist|src)\/(.*?)(?:\.[jt]s)?(?:\?.*)?$/.exec(url)?.[1] ?? url}`;
  if (url.startsWith("node:")) return url;
  return url ? "other" : `(${frame.functionName || "native"})`;
}

const self = new Map();
const inclusive = new Map();
const functions = new Map();
let total = 0;
let clock = profile.startTime;
const from = profile.startTime + Number(values.skip) * 1e6;
const to = values.until === undefined ? Infinity : profile.startTime + Number(values.until) * 1e6;
for (const [i, id] of profile.samples.entries()) {
  clock += profile.timeDeltas[i] ?? 0;
  const leaf = nodes.get(id);
  if (clock < from || clock > to || leaf.callFrame.functionName === "(idle)") continue;
  total++;
  const owner = ownerOf(leaf.callFrame);
  self.set(owner, (self.get(owner) ?? 0) + 1);
  const fn = `${leaf.callFrame.functionName || "(anonymous)"} ${owner}:${leaf.callFrame.lineNumber + 1}`;
  functions.set(fn, (functions.get(fn) ?? 0) + 1);
  const seen = new Set();
  for (let cursor = id; cursor !== undefined; cursor = parent.get(cursor)) seen.add(ownerOf(nodes.get(cursor).callFrame));
  for (const name of seen) inclusive.set(name, (inclusive.get(name) ?? 0) + 1);
}
const top = Number(values.top);
const pct = (n) => `${((100 * n) / total).toFixed(1)}%`;
const table = (title, map) => {
  console.log(`\n${title}`);
  for (const [name, n] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(n).padStart(7)}  ${name}`);
};
console.log(`${total} samples`);
table("self time by owner", self);
table("inclusive time by owner (a sample counts once per owner on its stack)", inclusive);
table("hottest functions (self)", functions);
