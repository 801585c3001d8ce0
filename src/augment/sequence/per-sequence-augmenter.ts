import { SampleForgeError } from '../../errors.js';
import { outputCounts } from '../outputs-per-input.js';
import { createRng, deriveSeed, type Rng } from '../../internal/rng.js';
import type { Augmented, Augmenter, Sequence } from '../../types.js';

/** Turns one input sequence into one augmented item list, with randomness only from `rng`. */
export type SequenceTransform = (items: readonly string[], rng: Rng, copy: number) => { items: string[]; params?: Record<string, unknown> } | undefined;

/**
 * An `Augmenter<Sequence>` from a per-sequence transform: `count` outputs per input, each with its
 * own generator seeded by `deriveSeed(context.seed, name, userId, copy)` (recorded in the lineage),
 * so an output does not depend on the batch it was in. Output ids are `<userId>~<name>#<copy>`; a
 * transform returning `undefined` yields nothing for that copy. `context.outputsPerInput`, when
 * given, replaces `count` per input (copies 0..n-1, so an input's first outputs are the same
 * whatever n is).
 */
export function createPerSequenceAugmenter(name: string, params: Record<string, unknown>, count: number, transform: SequenceTransform): Augmenter<Sequence> {
  if (!Number.isInteger(count) || count < 1) throw new SampleForgeError('E_CONFIG', `${name}: count must be a positive integer, got ${count}`, { details: { augmenter: name, count } });
  return {
    name,
    async augment(samples, context) {
      const counts = outputCounts(name, samples.length, context, count);
      const outputs: Augmented<Sequence>[] = [];
      for (const [index, sample] of samples.entries()) {
        if (context.signal?.aborted) throw new SampleForgeError('E_CANCELLED', `${name}: cancelled after ${outputs.length} outputs`);
        for (let copy = 0; copy < counts[index]; copy++) {
          const seed = deriveSeed(context.seed, name, sample.userId, copy);
          const result = transform(sample.items, createRng(seed), copy);
          if (result === undefined) continue;
          outputs.push({
            id: `${sample.userId}~${name}#${copy}`,
            sample: { userId: sample.userId, items: result.items },
            lineage: { parentIds: [sample.userId], augmenter: name, params: { ...params, ...result.params, copy }, seed, verdicts: [] },
          });
        }
      }
      return outputs;
    },
  };
}

/** Positions 0..n-1 as an Int32Array: fast functions permute them, then strings are mapped back. */
export function positionsOf(length: number): Int32Array {
  const positions = new Int32Array(length);
  for (let i = 0; i < length; i++) positions[i] = i;
  return positions;
}

/** Checks a rate option; the message names the augmenter and the value. */
export function checkRate(name: string, field: string, value: number): number {
  if (!(value >= 0 && value <= 1)) throw new SampleForgeError('E_CONFIG', `${name}: ${field} must be a number in [0, 1], got ${value}`, { details: { augmenter: name, field, value } });
  return value;
}
