import { describe, expect, it } from 'vitest';
import { SampleForgeError } from '../../errors.js';
import { createRng } from '../../internal/rng.js';
import { createItemFeatureProjection, createItemFeatures } from './item-features.js';

// 9 items: a centred multi-hot block of 5 columns (sparse residual around its column means) and a
// dense block of 3 columns (every entry distinct), as fused text/attribute features look.
const numItems = 9;
const hidden = 4;
function featureValues(): Float32Array {
  const rng = createRng(11);
  const values = new Float32Array(numItems * 8);
  const hot = [[0], [1, 2], [3], [], [4], [0], [2], [], [4]];
  for (let row = 0; row < numItems; row++) {
    for (let j = 0; j < 5; j++) values[row * 8 + j] = (hot[row].includes(j) ? 1 : 0) - 0.25;
    for (let j = 5; j < 8; j++) values[row * 8 + j] = rng.normal();
  }
  return values;
}
const blocks = [
  { name: 'attributes', offset: 0, dim: 5 },
  { name: 'text', offset: 5, dim: 3 },
];

/** `alpha_b X_b W_b` for item `item` (1-based), in float64. */
function naiveRow(values: Float32Array, projection: Float32Array, alpha: number[], item: number): number[] {
  const out = new Array<number>(hidden).fill(0);
  for (const [b, block] of blocks.entries()) {
    for (let k = block.offset; k < block.offset + block.dim; k++) {
      for (let j = 0; j < hidden; j++) out[j] += alpha[b] * values[(item - 1) * 8 + k] * projection[k * hidden + j];
    }
  }
  return out;
}

describe('item feature projection', () => {
  it('adds alpha_b X_b W_b to every item row (sparse residual and dense kernels alike) and leaves padding alone', () => {
    const values = featureValues();
    const features = createItemFeatures(numItems, 8, values, { blocks, learnedWeights: true });
    const rng = createRng(2);
    const projection = Float32Array.from({ length: 8 * hidden }, () => rng.normal());
    const gate = Float32Array.of(0.3, -0.2);
    const kernel = createItemFeatureProjection(features, hidden);
    expect(kernel.kernels).toEqual(['sparse', 'dense']);
    const alpha = Array.from(kernel.weights(gate));
    // B * softmax: the two weights sum to 2.
    expect(alpha[0] + alpha[1]).toBeCloseTo(2, 12);
    expect(alpha[0]).toBeCloseTo((2 * Math.exp(gate[0])) / (Math.exp(gate[0]) + Math.exp(gate[1])), 12);
    const out = new Float32Array((numItems + 1) * hidden).fill(0.5);
    kernel.addInto(out, projection, gate);
    expect(Array.from(out.subarray(0, hidden))).toEqual([0.5, 0.5, 0.5, 0.5]);
    for (let item = 1; item <= numItems; item++) {
      const expected = naiveRow(values, projection, alpha, item);
      for (let j = 0; j < hidden; j++) expect(out[item * hidden + j]).toBeCloseTo(0.5 + expected[j], 5);
    }
  });

  it('gives the projection gradient of sum(G * table) over the touched rows, and gate gradients that match finite differences', () => {
    const values = featureValues();
    const features = createItemFeatures(numItems, 8, values, { blocks, learnedWeights: true });
    const rng = createRng(3);
    const projection = Float32Array.from({ length: 8 * hidden }, () => rng.normal());
    const gate = Float32Array.of(0.4, -0.1);
    // The upstream gradient G of the fused table: rows of items 2, 3, 7 and 9 only (a BCE step's touched rows).
    const touched = Int32Array.of(2, 3, 7, 9);
    const dOut = new Float32Array((numItems + 1) * hidden);
    for (const item of touched) for (let j = 0; j < hidden; j++) dOut[item * hidden + j] = rng.normal();
    const kernel = createItemFeatureProjection(features, hidden);
    const loss = (): number => {
      const out = new Float32Array((numItems + 1) * hidden);
      kernel.addInto(out, projection, gate);
      let sum = 0;
      for (let i = 0; i < out.length; i++) sum += out[i] * dOut[i];
      return sum;
    };
    loss();
    const dProjection = new Float32Array(8 * hidden);
    const dGate = new Float32Array(2);
    kernel.backward(dOut, touched, touched.length, projection, gate, dProjection, dGate);
    const alpha = Array.from(kernel.weights(gate));
    for (const [b, block] of blocks.entries()) {
      for (let k = block.offset; k < block.offset + block.dim; k++) {
        for (let j = 0; j < hidden; j++) {
          let expected = 0;
          for (const item of touched) expected += alpha[b] * values[(item - 1) * 8 + k] * dOut[item * hidden + j];
          expect(dProjection[k * hidden + j], `dW[${k}][${j}]`).toBeCloseTo(expected, 4);
        }
      }
    }
    const step = 1e-3;
    for (let b = 0; b < 2; b++) {
      const saved = gate[b];
      gate[b] = saved + step;
      const up = loss();
      gate[b] = saved - step;
      const down = loss();
      gate[b] = saved;
      const numeric = (up - down) / (2 * step);
      expect(Math.abs(numeric - dGate[b]), `gate ${b}: numeric ${numeric}, analytic ${dGate[b]}`).toBeLessThan(2e-3 + 1e-2 * Math.abs(numeric));
    }
    // Softmax-normalised weights: scaling all blocks together is not a direction, so the logit gradients sum to 0.
    expect(dGate[0] + dGate[1]).toBeCloseTo(0, 4);
  });

  it('refuses values that do not fit the shape or blocks that leave a gap', () => {
    expect(() => createItemFeatures(3, 2, new Float32Array(5))).toThrow(SampleForgeError);
    expect(() => createItemFeatures(2, 3, new Float32Array(6), { blocks: [{ name: 'a', offset: 0, dim: 1 }, { name: 'b', offset: 2, dim: 1 }] })).toThrow(/without gaps/);
    expect(() => createItemFeatures(1, 1, Float32Array.of(Number.NaN))).toThrow(/finite/);
  });
});
