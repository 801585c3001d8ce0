import { describe, expect, it } from 'vitest';
import { createRng } from '../../internal/rng.js';
import { createLinearHead, createMlpHead, type ClassifierHead } from './classifier-heads.js';

const DIM = 4;
const LABELS = 3;

/** A head moved away from its (partly zero) initialisation by a few fixed steps, the same on every call. */
function warmHead(kind: 'linear' | 'mlp'): ClassifierHead {
  const head = kind === 'linear' ? createLinearHead(DIM, LABELS) : createMlpHead(DIM, 6, LABELS, createRng(5));
  const scratch = new Float32Array(DIM);
  const inputs = [
    [0.9, -0.2, 0.1, 0.4],
    [-0.5, 0.7, 0.3, -0.1],
    [0.2, 0.1, -0.8, 0.6],
  ];
  for (let round = 0; round < 3; round++) inputs.forEach((input, target) => head.step(Float32Array.from(input), target, 0.5, scratch));
  return head;
}

function lossAt(head: ClassifierHead, input: Float32Array, target: number): number {
  const probabilities = new Float32Array(LABELS);
  head.probabilities(input, probabilities);
  return -Math.log(probabilities[target]);
}

describe.each(['linear', 'mlp'] as const)('%s head', (kind) => {
  const input = Float32Array.from([0.3, -0.6, 0.5, 0.2]);
  const target = 1;

  it('steps at lr x 2 as two copies of the sample would at the same parameters (checked against finite differences)', () => {
    const lr = 1e-3;
    const once = new Float32Array(DIM);
    const twice = new Float32Array(DIM);
    const single = warmHead(kind);
    const weighted = warmHead(kind);
    const before = lossAt(single, input, target);
    single.step(input, target, lr, once);
    weighted.step(input, target, lr * 2, twice);
    // Input gradient: exactly twice the single sample's, which is minus lr times dLoss/dInput.
    expect(Array.from(twice)).toEqual(Array.from(once, (value) => value * 2));
    const h = 1e-2;
    const reference = warmHead(kind);
    for (let d = 0; d < DIM; d++) {
      const plus = Float32Array.from(input);
      const minus = Float32Array.from(input);
      plus[d] += h;
      minus[d] -= h;
      const duplicatedGradient = 2 * ((lossAt(reference, plus, target) - lossAt(reference, minus, target)) / (2 * h));
      expect(-twice[d] / lr).toBeCloseTo(duplicatedGradient, 3);
    }
    // Parameter step: to first order in lr the loss falls twice as far, lr * w * |dLoss/dParameters|^2.
    const fall = (head: ClassifierHead) => before - lossAt(head, input, target);
    expect(fall(single)).toBeGreaterThan(0);
    expect(fall(weighted) / fall(single)).toBeCloseTo(2, 2);
  });
});
