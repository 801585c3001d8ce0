import type { Rng } from '../../internal/rng.js';
import type { Augmenter, Sequence } from '../../types.js';
import { boundedInt } from './sample-positions.js';
import { checkRate, createPerSequenceAugmenter, positionsOf } from './per-sequence-augmenter.js';

/**
 * CL4SRec item crop (Xie et al., ICDE 2022): a random contiguous sub-sequence of length
 * max(1, floor(rate * n)). Writes into `out` (allocated when absent or too small) and returns the
 * filled view. Default rate (eta) 0.6.
 */
export function cropSequence(items: Int32Array, rate: number, rng: Rng, out?: Int32Array): Int32Array {
  const n = items.length;
  const length = n === 0 ? 0 : Math.max(1, Math.floor(rate * n));
  const target = out !== undefined && out.length >= length ? out : new Int32Array(length);
  const start = length < n ? boundedInt(rng, n - length + 1) : 0;
  // An element loop beats set(subarray()) on sequences this short: no view object per call.
  for (let i = 0; i < length; i++) target[i] = items[start + i];
  return target.subarray(0, length);
}

/** Options of {@link createCropAugmenter}. */
export interface CropOptions {
  /** Kept fraction eta; default 0.6 (CL4SRec). */
  rate?: number;
  /** Outputs per input; default 1. */
  count?: number;
}

/** `sequence/crop` as a seeded `Augmenter<Sequence>` with lineage; see {@link cropSequence}. */
export function createCropAugmenter(options: CropOptions = {}): Augmenter<Sequence> {
  const rate = checkRate('sequence/crop', 'rate', options.rate ?? 0.6);
  return createPerSequenceAugmenter('sequence/crop', { rate }, options.count ?? 1, (items, rng) => {
    const kept = cropSequence(positionsOf(items.length), rate, rng);
    return { items: Array.from(kept, (position) => items[position]), params: { start: kept[0] ?? 0, length: kept.length } };
  });
}
