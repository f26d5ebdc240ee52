// Exact percentiles over recorded samples (the lab keeps every latency; at
// the rates it offers that is at most a few hundred thousand numbers).

/** Rounds to `digits` decimals. */
export const round = (value, digits = 2) => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/** The nearest-rank percentile `q` (0–1) of an ascending array. */
export function percentile(sorted, q) {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Count, mean, p50/p95/p99 and max of `values` (any order), rounded to µs when in ms. */
export function summarize(values) {
  const sorted = Float64Array.from(values).sort();
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    mean: round(sorted.length ? sum / sorted.length : 0, 3),
    p50: round(percentile(sorted, 0.5), 3),
    p95: round(percentile(sorted, 0.95), 3),
    p99: round(percentile(sorted, 0.99), 3),
    max: round(sorted.length ? sorted[sorted.length - 1] : 0, 3),
  };
}
