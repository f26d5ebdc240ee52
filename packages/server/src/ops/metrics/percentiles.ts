/** One cumulative histogram bucket: `count` observations were at most `le`. */
export interface CumulativeBucket {
  le: number;
  count: number;
}

/**
 * Estimates the `q`-quantile (0..1) of a histogram from its cumulative buckets
 * by linear interpolation inside the bucket that holds the rank — the same
 * estimate Prometheus' `histogram_quantile()` gives, so the JSON snapshot and
 * a dashboard built on `/metrics` agree. Returns 0 for an empty histogram.
 *
 * Why not an exact library (HDR histogram, t-digest): the histograms already
 * exist for Prometheus, their buckets are fine-grained where latency lives,
 * and a second per-request recording would cost time on the hot path.
 */
export function quantileFromBuckets(buckets: readonly CumulativeBucket[], q: number): number {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const total = sorted.at(-1)?.count ?? 0;
  if (total === 0) return 0;
  const rank = q * total;
  let lowerBound = 0;
  let countBelow = 0;
  for (const bucket of sorted) {
    if (bucket.count >= rank) {
      // The +Inf bucket has no upper edge: report the highest finite edge.
      if (!Number.isFinite(bucket.le)) return lowerBound;
      const inBucket = bucket.count - countBelow;
      if (inBucket === 0) return bucket.le;
      return lowerBound + (bucket.le - lowerBound) * ((rank - countBelow) / inBucket);
    }
    lowerBound = bucket.le;
    countBelow = bucket.count;
  }
  return lowerBound;
}
