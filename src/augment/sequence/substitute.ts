import type { Rng } from '../../internal/rng.js';
import type { Augmenter, Sequence } from '../../types.js';
import type { ItemCorrelation } from './item-correlation.js';
import { samplePositions } from './sample-positions.js';
import { checkRate, createPerSequenceAugmenter } from './per-sequence-augmenter.js';
import type { SequenceVocabulary } from './sequence-vocabulary.js';

/**
 * CoSeRec substitute (Liu et al., arXiv:2108.06479): max(1, floor(rate * n)) distinct random
 * positions get a correlated item instead (unchanged when the item has no neighbour). Writes into
 * `out` (allocated when absent or too small) and returns the filled view. Default rate 0.1
 * (CoSeRec's released default).
 */
export function substituteSequence(items: Int32Array, rate: number, correlation: ItemCorrelation, rng: Rng, out?: Int32Array): Int32Array {
  const n = items.length;
  const target = out !== undefined && out.length >= n ? out.subarray(0, n) : new Int32Array(n);
  target.set(items);
  if (n === 0) return target;
  const count = Math.min(n, Math.max(1, Math.floor(rate * n)));
  const positions = samplePositions(n, count, rng);
  for (let i = 0; i < count; i++) {
    const position = positions[i];
    const replacement = items[position] > 0 ? correlation.correlated(items[position], rng) : 0;
    if (replacement > 0) target[position] = replacement;
  }
  return target;
}

/** Options of {@link createSubstituteAugmenter}. */
export interface SubstituteOptions {
  correlation: ItemCorrelation;
  vocabulary: SequenceVocabulary;
  /** Substituted fraction; default 0.1. */
  rate?: number;
  /** Outputs per input; default 1. */
  count?: number;
}

/** `sequence/substitute` as a seeded `Augmenter<Sequence>` with lineage; see {@link substituteSequence}. */
export function createSubstituteAugmenter(options: SubstituteOptions): Augmenter<Sequence> {
  const rate = checkRate('sequence/substitute', 'rate', options.rate ?? 0.1);
  return createPerSequenceAugmenter('sequence/substitute', { rate, correlation: options.correlation.source }, options.count ?? 1, (items, rng) => ({
    items: options.vocabulary.fromDense(substituteSequence(options.vocabulary.toDense(items), rate, options.correlation, rng), items),
  }));
}
