/** How many outputs an augmenter makes from each input of a batch (targeted generation). */
import { SampleForgeError } from '../errors.js';
import type { AugmentContext } from '../types.js';

/**
 * Outputs wanted from each of `inputs` samples: `context.outputsPerInput` when given (checked: one
 * non-negative integer per input), else the augmenter's own `count` for every input.
 */
export function outputCounts(augmenter: string, inputs: number, context: AugmentContext, count: number): readonly number[] {
  const wanted = context.outputsPerInput;
  if (wanted === undefined) return new Array<number>(inputs).fill(count);
  if (wanted.length !== inputs) {
    throw new SampleForgeError('E_USAGE', `${augmenter}: outputsPerInput has ${wanted.length} entries for ${inputs} inputs`, { details: { augmenter } });
  }
  wanted.forEach((value, index) => {
    if (!Number.isInteger(value) || value < 0) {
      throw new SampleForgeError('E_USAGE', `${augmenter}: outputsPerInput[${index}] must be a non-negative integer, got ${value}`, { details: { augmenter, index, value } });
    }
  });
  return wanted;
}

/** `total` split into request sizes of at most `max` each (what one structured answer may hold). */
export function requestSizes(total: number, max: number): number[] {
  const sizes: number[] = [];
  for (let left = total; left > 0; left -= max) sizes.push(Math.min(left, max));
  return sizes;
}
