// The Grafana dashboard in docs/grafana/ queries metrics by name; this keeps
// those names in step with what the server registers (packages/server/src/ops/metrics/ops-metrics.ts).
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dashboard = JSON.parse(readFileSync(join(root, "docs/grafana/intro-page-dashboard.json"), "utf8"));
const metricsSource = readFileSync(join(root, "packages/server/src/ops/metrics/ops-metrics.ts"), "utf8");
const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
const histogramSuffix = /_(bucket|count|sum)$/;

describe("Grafana dashboard", () => {
  it("when it queries an intro_page_* metric, then the server registers a metric of that name", () => {
    const names = new Set(exprs.flatMap((e) => e.match(/intro_page_[a-z_]+/g) ?? []).map((n) => n.replace(histogramSuffix, "")));
    expect(names.size).toBeGreaterThan(5);
    for (const name of names) expect(metricsSource, name).toContain(`name: "${name}"`);
  });

  it("when opened, then it has the panels operators asked for: request rate, p95, errors, hit ratio, 429s and circuits", () => {
    const titles = dashboard.panels.map((p) => p.title).join(" | ");
    for (const word of ["Request rate", "p95", "Error rate", "Cache hit ratio", "429", "Circuit state"]) expect(titles).toContain(word);
  });
});
