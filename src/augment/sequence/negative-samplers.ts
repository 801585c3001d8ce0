import { SampleForgeError } from '../../errors.js';
import type { Rng } from '../../internal/rng.js';
import type { Recommender } from '../../models/recommender.js';
import { createAliasTable } from './alias-table.js';

/** Draws negative items (dense ids 1..numItems) for a user, avoiding the user's positives. */
export interface NegativeSampler {
  readonly name: string;
  /**
   * Writes `count` distinct items not in `positives` into `out` (allocated when absent). Fewer are
   * impossible to avoid only when the catalogue is too small, which throws. `user` (the user's
   * index) is used by model-based samplers only.
   */
  sample(positives: ArrayLike<number>, count: number, rng: Rng, out?: Int32Array, user?: number): Int32Array;
}

/** Item ids whose weights are 0 are never drawn; rejection stops after this many tries per draw. */
const MAX_TRIES_PER_DRAW = 1000;

function drawDistinct(numItems: number, positives: ArrayLike<number>, count: number, out: Int32Array, draw: () => number, name: string): Int32Array {
  const excluded = new Set<number>();
  for (let i = 0; i < positives.length; i++) excluded.add(positives[i]);
  if (count > numItems - excluded.size) {
    throw new SampleForgeError('E_DATA', `${name} sampler: cannot draw ${count} negatives from ${numItems} items when the user has ${excluded.size} positives; lower the count`, {
      details: { count, numItems, positives: excluded.size },
    });
  }
  for (let filled = 0; filled < count; filled++) {
    let item = draw();
    let tries = 1;
    while (excluded.has(item)) {
      if (tries++ > MAX_TRIES_PER_DRAW) {
        throw new SampleForgeError('E_DATA', `${name} sampler: no new negative after ${MAX_TRIES_PER_DRAW} draws; too few items with a positive weight remain for this user`, { details: { count, filled } });
      }
      item = draw();
    }
    excluded.add(item);
    out[filled] = item;
  }
  return out;
}

/** Negatives drawn uniformly from 1..numItems without the user's positives (SASRec, BPR). */
export function createUniformNegativeSampler(numItems: number): NegativeSampler {
  return {
    name: 'uniform',
    sample(positives, count, rng, out = new Int32Array(count)) {
      return drawDistinct(numItems, positives, count, out, () => 1 + rng.int(numItems), 'uniform');
    },
  };
}

/**
 * Negatives drawn in proportion to `counts[item] ** exponent` (alias method; `counts` has
 * `numItems + 1` entries, entry 0 ignored). Exponent default 1; word2vec uses 0.75.
 */
export function createPopularityNegativeSampler(counts: ArrayLike<number>, options: { exponent?: number } = {}): NegativeSampler {
  const exponent = options.exponent ?? 1;
  const numItems = counts.length - 1;
  const weights = new Float64Array(numItems);
  for (let item = 1; item <= numItems; item++) weights[item - 1] = counts[item] > 0 ? counts[item] ** exponent : 0;
  const table = createAliasTable(weights);
  return {
    name: 'popularity',
    sample(positives, count, rng, out = new Int32Array(count)) {
      return drawDistinct(numItems, positives, count, out, () => 1 + table.sample(rng), 'popularity');
    },
  };
}

/** Item counts (`numItems + 1` entries) over sequences of dense ids, e.g. the training split. */
export function countItems(sequences: readonly ArrayLike<number>[], numItems: number): Int32Array {
  const counts = new Int32Array(numItems + 1);
  for (const sequence of sequences) {
    for (let i = 0; i < sequence.length; i++) {
      const item = sequence[i];
      if (item > 0 && item <= numItems) counts[item]++;
    }
  }
  return counts;
}

/**
 * Hard negatives: the top-scored non-positive items of a trained model for this user, optionally
 * drawn at random from the top `poolSize` (default `count`, i.e. deterministic top-k). `scores`
 * returns the user's `numItems + 1` scores (column 0 ignored); see {@link scoresFromRecommender}.
 */
export function createHardNegativeSampler(numItems: number, scores: (positives: ArrayLike<number>, user: number) => Float32Array, options: { poolSize?: number } = {}): NegativeSampler {
  return {
    name: 'hard',
    sample(positives, count, rng, out = new Int32Array(count), user = -1) {
      const poolSize = Math.max(count, options.poolSize ?? count);
      const row = scores(positives, user);
      const excluded = new Set<number>();
      for (let i = 0; i < positives.length; i++) excluded.add(positives[i]);
      const pool: number[] = [];
      // A bounded insertion list: the pool is tiny next to the catalogue.
      for (let item = 1; item <= numItems; item++) {
        if (excluded.has(item)) continue;
        const score = row[item];
        if (pool.length < poolSize) pool.push(item);
        else if (score > row[pool[poolSize - 1]]) pool[poolSize - 1] = item;
        else continue;
        for (let at = pool.length - 1; at > 0 && row[pool[at - 1]] < row[pool[at]]; at--) {
          const swap = pool[at - 1];
          pool[at - 1] = pool[at];
          pool[at] = swap;
        }
      }
      if (pool.length < count) {
        throw new SampleForgeError('E_DATA', `hard sampler: only ${pool.length} non-positive items for ${count} negatives; lower the count`, { details: { count, numItems } });
      }
      const chosen = poolSize === count ? pool.slice(0, count) : rng.sample(pool.length, count).map((index) => pool[index]);
      out.set(chosen);
      return out;
    },
  };
}

/** A `scores` function for {@link createHardNegativeSampler} from a trained recommender (one `scoreBatch` row per call). */
export function scoresFromRecommender(model: Recommender): (positives: ArrayLike<number>, user: number) => Float32Array {
  const row = new Float32Array(model.numItems + 1);
  return (positives, user) => {
    model.scoreBatch(Int32Array.of(user), [Int32Array.from(positives)], row);
    return row;
  };
}
