import type { Rng } from '../../internal/rng.js';
import type { Augmenter, Sequence } from '../../types.js';
import type { ItemCorrelation } from './item-correlation.js';
import { samplePositions } from './sample-positions.js';
import { checkRate, createPerSequenceAugmenter } from './per-sequence-augmenter.js';
import type { SequenceVocabulary } from './sequence-vocabulary.js';

let chosen = new Uint8Array(64);

/**
 * CoSeRec insert (Liu et al., arXiv:2108.06479): at max(1, floor(rate * n)) distinct random
 * positions a correlated item is inserted before the item there (skipped when it has no
 * neighbour), so the output is longer than the input. Writes into `out` (allocated when absent or
 * shorter than 2n) and returns the filled view. Default rate 0.4.
 */
export function insertSequence(items: Int32Array, rate: number, correlation: ItemCorrelation, rng: Rng, out?: Int32Array): Int32Array {
  const n = items.length;
  const target = out !== undefined && out.length >= 2 * n ? out : new Int32Array(2 * n);
  if (n === 0) return target.subarray(0, 0);
  if (chosen.length < n) chosen = new Uint8Array(n * 2);
  chosen.fill(0, 0, n);
  const count = Math.min(n, Math.max(1, Math.floor(rate * n)));
  const positions = samplePositions(n, count, rng);
  for (let i = 0; i < count; i++) chosen[positions[i]] = 1;
  let length = 0;
  for (let position = 0; position < n; position++) {
    if (chosen[position] === 1 && items[position] > 0) {
      const inserted = correlation.correlated(items[position], rng);
      if (inserted > 0) target[length++] = inserted;
    }
    target[length++] = items[position];
  }
  return target.subarray(0, length);
}

/** Options of {@link createInsertAugmenter}. */
export interface InsertOptions {
  correlation: ItemCorrelation;
  vocabulary: SequenceVocabulary;
  /** Fraction of positions that get an insertion; default 0.4. */
  rate?: number;
  /** Outputs per input; default 1. */
  count?: number;
}

/** `sequence/insert` as a seeded `Augmenter<Sequence>` with lineage; see {@link insertSequence}. */
export function createInsertAugmenter(options: InsertOptions): Augmenter<Sequence> {
  const rate = checkRate('sequence/insert', 'rate', options.rate ?? 0.4);
  return createPerSequenceAugmenter('sequence/insert', { rate, correlation: options.correlation.source }, options.count ?? 1, (items, rng) => {
    const dense = options.vocabulary.toDense(items);
    const inserted = insertSequence(dense, rate, options.correlation, rng);
    // Original positions keep their negative placeholders, so unknown items map back correctly.
    return { items: options.vocabulary.fromDense(inserted, items) };
  });
}
