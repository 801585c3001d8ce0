import type { Rng } from '../../internal/rng.js';

let scratch = new Int32Array(64);

/**
 * A uniform integer in [0, n) from one 32-bit draw by multiply-and-shift (Lemire 2019) without the
 * rejection step: the bias is below n / 2^32 (under 3e-9 for sequences of 10 items), invisible in
 * augmentation, and it avoids `rng.int`'s modulo on the hot path.
 */
export function boundedInt(rng: Rng, n: number): number {
  return Math.floor((rng.uint32() * n) / 4294967296);
}

/**
 * `count` distinct uniform positions from [0, n) by a partial Fisher-Yates shuffle, in the first
 * `count` slots of the returned array. The array is a module-level scratch buffer, overwritten by
 * the next call: read it before calling again. Allocation-free, for the per-sequence hot paths.
 */
export function samplePositions(n: number, count: number, rng: Rng): Int32Array {
  if (scratch.length < n) scratch = new Int32Array(n * 2);
  for (let i = 0; i < n; i++) scratch[i] = i;
  for (let i = 0; i < count; i++) {
    const j = i + boundedInt(rng, n - i);
    const position = scratch[j];
    scratch[j] = scratch[i];
    scratch[i] = position;
  }
  return scratch;
}
