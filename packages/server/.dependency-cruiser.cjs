// The server's floor plan (docs/architecture.md), checked by `npm test` ("layers"):
// every module sits in one layer and imports only from layers below it, never
// from a peer folder on its own level, and no import cycle exists anywhere.
// Unit tests beside the source (`*.test.ts`) may import what they test from any layer.

/** Top to bottom; folders on one line are peers (they may not import each other). */
const layers = [
  { name: "api", paths: ["index.ts", "migrations.ts"] },
  { name: "cli", paths: ["cli"] },
  { name: "start", paths: ["start"] },
  { name: "http", paths: ["http"] },
  { name: "ops, domain", paths: ["ops", "domain", "seed"] },
  { name: "data-access, cache", paths: ["data-access", "cache", "auth"] },
  { name: "errors, config", paths: ["errors", "config"] },
  { name: "vocabulary", paths: ["vocabulary", "generated"] },
];

const anyOf = (paths) => `^src/(${paths.map((p) => p.replace(".", "\\.")).join("|")})(/|$)`;
const known = anyOf(layers.flatMap((layer) => layer.paths));
const notATest = "\\.test\\.ts$";

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Import cycles make the load order matter and the layers meaningless.",
      from: {},
      to: { circular: true },
    },
    {
      name: "known-layer",
      severity: "error",
      comment: "Every module belongs to a layer folder listed in .dependency-cruiser.cjs (see docs/architecture.md).",
      from: { path: "^src/", pathNot: [known, notATest] },
      to: {},
    },
    ...layers.map((layer, rank) => ({
      name: `layer-${layer.name.replace(/\W+/g, "-")}`,
      severity: "error",
      comment: `${layer.name} may import only from the layers below it (docs/architecture.md).`,
      from: { path: anyOf(layer.paths), pathNot: notATest },
      to: { path: anyOf(layers.slice(0, rank + 1).flatMap((l) => l.paths)), pathNot: "^src/$1(/|$)" },
    })),
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^src/generated/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
