import type { Rng } from '../../internal/rng.js';
import type { Augmenter, Sequence } from '../../types.js';
import { boundedInt } from './sample-positions.js';
import { checkRate, createPerSequenceAugmenter, positionsOf } from './per-sequence-augmenter.js';

/**
 * CL4SRec item reorder (Xie et al., ICDE 2022): a random contiguous sub-sequence of length
 * floor(rate * n) is shuffled in place, the rest kept. Writes into `out` (allocated when absent or
 * too small) and returns the filled view. Default rate (beta) 0.6.
 */
export function reorderSequence(items: Int32Array, rate: number, rng: Rng, out?: Int32Array): Int32Array {
  const n = items.length;
  const target = out !== undefined && out.length >= n ? out.subarray(0, n) : new Int32Array(n);
  target.set(items);
  const length = Math.floor(rate * n);
  if (length < 2) return target;
  const start = boundedInt(rng, n - length + 1);
  for (let i = start + length - 1; i > start; i--) {
    const j = start + boundedInt(rng, i - start + 1);
    const swap = target[i];
    target[i] = target[j];
    target[j] = swap;
  }
  return target;
}

/** Options of {@link createReorderAugmenter}. */
export interface ReorderOptions {
  /** Shuffled fraction beta; default 0.6 (CL4SRec). */
  rate?: number;
  /** Outputs per input; default 1. */
  count?: number;
}

/** `sequence/reorder` as a seeded `Augmenter<Sequence>` with lineage; see {@link reorderSequence}. */
export function createReorderAugmenter(options: ReorderOptions = {}): Augmenter<Sequence> {
  const rate = checkRate('sequence/reorder', 'rate', options.rate ?? 0.6);
  return createPerSequenceAugmenter('sequence/reorder', { rate }, options.count ?? 1, (items, rng) => {
    const shuffled = reorderSequence(positionsOf(items.length), rate, rng);
    return { items: Array.from(shuffled, (position) => items[position]) };
  });
}
