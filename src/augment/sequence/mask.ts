import type { Rng } from '../../internal/rng.js';
import type { Augmenter, Sequence } from '../../types.js';
import { samplePositions } from './sample-positions.js';
import { checkRate, createPerSequenceAugmenter, positionsOf } from './per-sequence-augmenter.js';

/**
 * CL4SRec item mask (Xie et al., ICDE 2022): floor(rate * n) distinct random positions replaced by
 * `maskToken` (CL4SRec uses numItems + 1, an extra embedding row). Writes into `out` (allocated
 * when absent or too small) and returns the filled view. Default rate (gamma) 0.3.
 */
export function maskSequence(items: Int32Array, rate: number, maskToken: number, rng: Rng, out?: Int32Array): Int32Array {
  const n = items.length;
  const target = out !== undefined && out.length >= n ? out.subarray(0, n) : new Int32Array(n);
  target.set(items);
  const count = Math.floor(rate * n);
  if (count === 0) return target;
  const positions = samplePositions(n, count, rng);
  for (let i = 0; i < count; i++) target[positions[i]] = maskToken;
  return target;
}

/** Options of {@link createMaskAugmenter}. */
export interface MaskOptions {
  /** Masked fraction gamma; default 0.3 (CL4SRec). */
  rate?: number;
  /** The mask item; default `String(numItems + 1)` when `numItems` is given (CL4SRec), else `[mask]`. */
  maskToken?: string;
  numItems?: number;
  /** Outputs per input; default 1. */
  count?: number;
}

/** `sequence/mask` as a seeded `Augmenter<Sequence>` with lineage; see {@link maskSequence}. */
export function createMaskAugmenter(options: MaskOptions = {}): Augmenter<Sequence> {
  const rate = checkRate('sequence/mask', 'rate', options.rate ?? 0.3);
  const maskToken = options.maskToken ?? (options.numItems !== undefined ? String(options.numItems + 1) : '[mask]');
  return createPerSequenceAugmenter('sequence/mask', { rate, maskToken }, options.count ?? 1, (items, rng) => {
    const masked = maskSequence(positionsOf(items.length), rate, -1, rng);
    return { items: Array.from(masked, (position) => (position < 0 ? maskToken : items[position])) };
  });
}
