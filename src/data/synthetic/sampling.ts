/** Small seeded distributions the world generator draws from; all randomness comes from an `Rng`. */
import type { Rng } from '../../internal/rng.js';

/** Draws indices in proportion to fixed non-negative weights (cumulative sums, binary search). */
export interface WeightedSampler {
  readonly size: number;
  draw(rng: Rng): number;
}

/** A sampler over `weights`; throws when all weights are zero. */
export function createWeightedSampler(weights: ArrayLike<number>): WeightedSampler {
  const cumulative = new Float64Array(weights.length);
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    total += Math.max(0, weights[i]);
    cumulative[i] = total;
  }
  if (!(total > 0)) throw new RangeError('createWeightedSampler: weights must contain a positive value');
  return {
    size: weights.length,
    draw(rng) {
      const target = rng.float() * total;
      let low = 0;
      let high = cumulative.length - 1;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (cumulative[middle] > target) high = middle;
        else low = middle + 1;
      }
      return low;
    },
  };
}

/** A Gamma(shape, 1) variate (Marsaglia and Tsang 2000; shape < 1 by the boost u^(1/shape)). */
export function gamma(rng: Rng, shape: number): number {
  if (shape < 1) {
    let u = 0;
    while (u === 0) u = rng.float();
    return gamma(rng, shape + 1) * Math.pow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = rng.normal();
    const v0 = 1 + c * x;
    if (v0 <= 0) continue;
    const v = v0 * v0 * v0;
    const u = rng.float();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (u > 0 && Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** A point on the simplex from a symmetric Dirichlet(alpha) over `size` components. */
export function dirichlet(rng: Rng, size: number, alpha: number): number[] {
  const values = Array.from({ length: size }, () => gamma(rng, alpha));
  const total = values.reduce((sum, value) => sum + value, 0);
  return values.map((value) => value / total);
}

/** A log-normal variate with the given median and log-scale spread. */
export function logNormal(rng: Rng, median: number, sigma: number): number {
  return median * Math.exp(sigma * rng.normal());
}

/** A geometric count >= 1 with the given mean (number of trials to the first success). */
export function geometric(rng: Rng, mean: number): number {
  const p = 1 / Math.max(1, mean);
  let u = 0;
  while (u === 0) u = rng.float();
  return 1 + Math.floor(Math.log(u) / Math.log(1 - p + 1e-12));
}

/** Splits `total` into integer parts proportional to `weights`, each at least `minimum` (largest remainder). */
export function apportion(total: number, weights: readonly number[], minimum: number): number[] {
  const floor = Math.min(minimum, Math.floor(total / Math.max(1, weights.length)));
  const rest = total - floor * weights.length;
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((weight) => (rest * weight) / sum);
  const parts = exact.map((value) => floor + Math.floor(value));
  let missing = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((value, index) => ({ index, remainder: value - Math.floor(value) })).sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (let k = 0; missing > 0; k = (k + 1) % order.length, missing--) parts[order[k].index]++;
  return parts;
}
