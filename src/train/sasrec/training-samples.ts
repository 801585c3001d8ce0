/**
 * Training samples of the S3-Rec/ICLRec protocol: one sample per sequence, input = all items but
 * the last, target at each position = the next item; negatives drawn (uniformly unless a draw
 * function is given) from the items the sequence does not contain.
 */
import type { Rng } from '../../internal/rng.js';

/** Sequences with at least two items (one input, one target); shorter ones teach nothing. */
export function trainableSequences(sequences: readonly Int32Array[]): Int32Array[] {
  return sequences.filter((sequence) => sequence.length >= 2);
}

/** Reusable buffers for a batch's targets and negatives. */
export interface TargetBuffers {
  targets: Int32Array;
  negatives: Int32Array;
  /** Per item id, the last sample that marked it; for negative sampling. */
  marks: Int32Array;
  mark: number;
}

/** Buffers for `numItems` items; the target arrays grow on demand. */
export function createTargetBuffers(numItems: number): TargetBuffers {
  return { targets: new Int32Array(0), negatives: new Int32Array(0), marks: new Int32Array(numItems + 1), mark: 0 };
}

/** Attempts per negative before accepting any item; only sequences covering nearly all items need them. */
const NEGATIVE_ATTEMPTS = 64;

/**
 * Writes the targets (and `negativesPerTarget` negatives per target when positive) of the inputs
 * `sequence[0..n-1]`, truncated like the inputs to the last `maxLength` positions.
 */
export function fillTargets(
  samples: readonly Int32Array[],
  maxLength: number,
  negativesPerTarget: number,
  numItems: number,
  rng: Rng,
  buffers: TargetBuffers,
  draw: (rng: Rng) => number = (random) => random.int(numItems) + 1,
): void {
  let tokens = 0;
  for (const sample of samples) tokens += Math.min(sample.length - 1, maxLength);
  if (buffers.targets.length < tokens) buffers.targets = new Int32Array(tokens);
  if (buffers.negatives.length < tokens * negativesPerTarget) buffers.negatives = new Int32Array(tokens * negativesPerTarget);
  let cursor = 0;
  for (const sample of samples) {
    const length = Math.min(sample.length - 1, maxLength);
    const from = sample.length - length;
    if (negativesPerTarget > 0) {
      buffers.mark++;
      for (const item of sample) buffers.marks[item] = buffers.mark;
    }
    for (let j = 0; j < length; j++) {
      buffers.targets[cursor] = sample[from + j];
      for (let k = 0; k < negativesPerTarget; k++) {
        let negative = draw(rng);
        for (let attempt = 0; attempt < NEGATIVE_ATTEMPTS && buffers.marks[negative] === buffers.mark; attempt++) negative = draw(rng);
        buffers.negatives[cursor * negativesPerTarget + k] = negative;
      }
      cursor++;
    }
  }
}
