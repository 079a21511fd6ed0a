/** Summary statistics for bench timings and sizes. */

/**
 * The `p`th percentile (0–100) of `values`, interpolating linearly between the two nearest ranks, so the median of
 * an even count is the mean of the middle two.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile: no values to summarise');
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile: p must be between 0 and 100, got ${p}`);
  const bad = values.find((v) => !Number.isFinite(v));
  if (bad !== undefined) throw new Error(`percentile: every value must be a finite number, got ${bad}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export interface Spread {
  runs: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  return {
    runs: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    min: percentile(values, 0),
    max: percentile(values, 100),
  };
}
