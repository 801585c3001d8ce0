/**
 * Per-column marginals of the Gaussian copula, mapping values to [0, 1] and back. Numeric columns use
 * the empirical CDF with linear interpolation; categorical columns own an interval of [0, 1] as wide
 * as their frequency, most frequent first (the SDV approach: Patki, Wedge and Veeramachaneni, "The
 * Synthetic Data Vault", DSAA 2016). Ties and categories are spread uniformly over their mass
 * (a randomised probability integral transform), so the normal scores are continuous.
 */
import type { Rng } from '../../internal/rng.js';
import type { TabularColumn, TabularValue } from './tabular.js';

export interface NumericMarginal {
  kind: 'numeric';
  name: string;
  integer: boolean;
  /** Observed non-null values, ascending. */
  sorted: Float64Array;
  /** Share of nulls; sampled independently of the other columns. */
  nullRate: number;
  /** Standard deviation of the Gaussian kernel added to sampled values (a smoothed bootstrap); 0 for none. */
  bandwidth: number;
}

export interface CategoricalMarginal {
  kind: 'categorical';
  name: string;
  /** Categories by descending frequency (null is a category when present). */
  categories: TabularValue[];
  /** `ends[k]`: upper end of category k's interval; category k owns [ends[k - 1], ends[k]). */
  ends: Float64Array;
}

export type Marginal = NumericMarginal | CategoricalMarginal;

function lowerBound(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

function upperBound(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle] <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Silverman's rule-of-thumb kernel bandwidth, 0.9 min(sd, IQR / 1.34) n^(-1/5), of ascending values. */
export function silvermanBandwidth(sorted: Float64Array): number {
  const n = sorted.length;
  if (n < 2) return 0;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / n;
  const sd = Math.sqrt(sorted.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1));
  const iqr = sorted[Math.floor(0.75 * (n - 1))] - sorted[Math.floor(0.25 * (n - 1))];
  const spread = iqr > 0 ? Math.min(sd, iqr / 1.34) : sd;
  return 0.9 * spread * Math.pow(n, -0.2);
}

/**
 * Fits one column's marginal from its values. `smoothing` scales Silverman's bandwidth for numeric
 * columns (0, the default, samples the interpolated empirical quantiles only).
 */
export function fitMarginal(column: TabularColumn, values: readonly TabularValue[], smoothing = 0): Marginal {
  if (column.kind === 'numeric') {
    const present = values.filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
    const sorted = Float64Array.from(present).sort();
    return {
      kind: 'numeric',
      name: column.name,
      integer: column.integer ?? present.every(Number.isInteger),
      sorted,
      nullRate: values.length === 0 ? 0 : 1 - present.length / values.length,
      bandwidth: smoothing > 0 ? smoothing * silvermanBandwidth(sorted) : 0,
    };
  }
  const counts = new Map<TabularValue, number>();
  for (const value of values) counts.set(value ?? null, (counts.get(value ?? null) ?? 0) + 1);
  const categories = [...counts.keys()].sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0) || String(a).localeCompare(String(b)));
  const ends = new Float64Array(categories.length);
  let running = 0;
  categories.forEach((category, index) => {
    running += (counts.get(category) ?? 0) / values.length;
    ends[index] = running;
  });
  ends[ends.length - 1] = 1;
  return { kind: 'categorical', name: column.name, categories, ends };
}

/** The interval of [0, 1] a value owns: its CDF jump for numbers, its slot for categories. */
export function intervalOf(marginal: Marginal, value: TabularValue): [number, number] | undefined {
  if (marginal.kind === 'numeric') {
    if (typeof value !== 'number' || marginal.sorted.length === 0) return undefined;
    const n = marginal.sorted.length;
    const low = lowerBound(marginal.sorted, value);
    const high = upperBound(marginal.sorted, value);
    // An unseen value gets a point interval where it would sit.
    return [low / n, Math.max(high, low) / n];
  }
  const index = marginal.categories.indexOf(value ?? null);
  if (index < 0) return undefined;
  return [index === 0 ? 0 : marginal.ends[index - 1], marginal.ends[index]];
}

/** A value's uniform score: uniform within its interval; a random one when unknown or null. */
export function toUniform(marginal: Marginal, value: TabularValue, rng: Rng): number {
  const interval = intervalOf(marginal, value);
  if (interval === undefined) return rng.float();
  return interval[0] + rng.float() * (interval[1] - interval[0]);
}

/**
 * The value at uniform score `u`: the interpolated empirical quantile, or the category owning `u`.
 * `kernel` is a standard normal draw, scaled by the bandwidth of a smoothed numeric marginal and
 * clamped to the observed range.
 */
export function fromUniform(marginal: Marginal, u: number, kernel = 0): TabularValue {
  if (marginal.kind === 'categorical') {
    let low = 0;
    let high = marginal.ends.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (marginal.ends[middle] > u) high = middle;
      else low = middle + 1;
    }
    return marginal.categories[low];
  }
  const { sorted } = marginal;
  if (sorted.length === 0) return null;
  // Positions are mid-ranks: the i-th smallest value sits at u = (i + 0.5) / n.
  const position = Math.min(sorted.length - 1, Math.max(0, u * sorted.length - 0.5));
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  const interpolated = sorted[below] + (position - below) * (sorted[above] - sorted[below]);
  const value = Math.min(sorted[sorted.length - 1], Math.max(sorted[0], interpolated + marginal.bandwidth * kernel));
  return marginal.integer ? Math.round(value) : value;
}
