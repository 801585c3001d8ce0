import { SampleForgeError } from '../../errors.js';
import type { Rng } from '../../internal/rng.js';

/** A discrete distribution sampled in O(1) per draw. */
export interface AliasTable {
  readonly size: number;
  /** An index in [0, size) drawn with probability proportional to its weight. */
  sample(rng: Rng): number;
}

/**
 * Walker's alias method (Walker 1977, with Vose's 1991 stable construction): O(n) to build, one
 * uniform integer and one uniform float per draw. Weights must be finite, non-negative, not all 0.
 */
export function createAliasTable(weights: ArrayLike<number>): AliasTable {
  const size = weights.length;
  let total = 0;
  for (let i = 0; i < size; i++) {
    const weight = weights[i];
    if (!(weight >= 0) || !Number.isFinite(weight)) {
      throw new SampleForgeError('E_USAGE', `alias table: weight ${i} is ${weight}; weights must be finite and non-negative`, { details: { index: i, weight } });
    }
    total += weight;
  }
  if (!(total > 0)) throw new SampleForgeError('E_USAGE', `alias table: the ${size} weights sum to ${total}; at least one must be positive`);
  const probability = new Float64Array(size);
  const alias = new Int32Array(size);
  const scaled = new Float64Array(size);
  const small: number[] = [];
  const large: number[] = [];
  for (let i = 0; i < size; i++) {
    scaled[i] = (weights[i] * size) / total;
    (scaled[i] < 1 ? small : large).push(i);
  }
  while (small.length > 0 && large.length > 0) {
    const less = small.pop() as number;
    const more = large.pop() as number;
    probability[less] = scaled[less];
    alias[less] = more;
    scaled[more] = scaled[more] + scaled[less] - 1;
    (scaled[more] < 1 ? small : large).push(more);
  }
  // Leftovers are 1 up to rounding error.
  for (const index of [...small, ...large]) {
    probability[index] = 1;
    alias[index] = index;
  }
  return {
    size,
    sample(rng) {
      const column = rng.int(size);
      return rng.float() < probability[column] ? column : alias[column];
    },
  };
}
