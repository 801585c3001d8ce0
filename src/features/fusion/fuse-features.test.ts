import { describe, expect, it } from 'vitest';
import { SampleForgeError } from '../../errors.js';
import { createFeatureBlock, type FeatureBlock } from '../feature-block.js';
import { applyBlockWeights, fuseFeatures, softmaxBlockWeights } from './fuse-features.js';

function block(name: string, dim: number, values: number[]): FeatureBlock {
  return createFeatureBlock({ name, rows: values.length / dim, dim, values: Float32Array.from(values), info: {}, warnings: [] });
}

const a = block('a', 2, [1, 0, 0, 1, 1, 1]);
const b = block('b', 1, [2, 2, 2]);
const c = block('c', 1, [0, 3, 6]);

describe('fuseFeatures', () => {
  it('centres each column and scales each block to unit mean squared row norm, times its weight', () => {
    const fused = fuseFeatures([a, c], { weights: { a: 2 } });
    // a: column means (2/3, 2/3); centred rows (1/3, -2/3), (-2/3, 1/3), (1/3, 1/3); squared norms
    // 5/9, 5/9, 2/9, mean 4/9 -> rms 2/3, scale 3/2; weight 2 -> row 0 = (1, -2).
    // c: mean 3, centred (-3, 0, 3), rms sqrt(6) -> (-3, 0, 3) / sqrt(6).
    expect(fused).toMatchObject({ rows: 3, dim: 3, fusion: 'concatenate' });
    expect(fused.blocks.map(({ name, offset, dim, weight }) => ({ name, offset, dim, weight }))).toEqual([
      { name: 'a', offset: 0, dim: 2, weight: 2 },
      { name: 'c', offset: 2, dim: 1, weight: 1 },
    ]);
    expect(fused.blocks[0].scale).toBeCloseTo(1.5, 12);
    expect(fused.blocks[1].scale).toBeCloseTo(1 / Math.sqrt(6), 12);
    const expected = [1, -2, -3 / Math.sqrt(6), -2, 1, 0, 1, 1, 3 / Math.sqrt(6)];
    Array.from(fused.values).forEach((value, index) => expect(value).toBeCloseTo(expected[index], 6));
    const unscaled = fuseFeatures([a, c], { standardize: false });
    expect(Array.from(unscaled.values)).toEqual([1, 0, 0, 0, 1, 3, 1, 1, 6]);
  });

  it('zeroes a constant block with a warning and marks learned fusion for the model', () => {
    const fused = fuseFeatures([a, b], { fusion: 'learned' });
    expect(fused.fusion).toBe('learned');
    expect(fused.warnings.map((warning) => warning.code)).toEqual(['W_FEATURE_CONSTANT']);
    expect([fused.values[2], fused.values[5], fused.values[8]]).toEqual([0, 0, 0]);
  });

  it.each([
    [[], /at least one/],
    [[a, block('short', 1, [1, 2])], /has 2 rows/],
    [[a, a], /two blocks are named a/],
  ])('refuses bad blocks (%#)', (blocks, message) => {
    expect(() => fuseFeatures(blocks)).toThrow(message);
  });

  it('refuses weights of unknown blocks or below zero', () => {
    expect(() => fuseFeatures([a], { weights: { z: 1 } })).toThrow(SampleForgeError);
    expect(() => fuseFeatures([a], { weights: { a: -1 } })).toThrow(/>= 0/);
  });
});

describe('softmaxBlockWeights and applyBlockWeights', () => {
  it('scale softmax to the number of blocks, so zero logits mean plain concatenation', () => {
    expect(Array.from(softmaxBlockWeights([0, 0]))).toEqual([1, 1]);
    // 2 * (3/4, 1/4)
    const weights = softmaxBlockWeights([Math.log(3), 0]);
    expect(weights[0]).toBeCloseTo(1.5, 12);
    expect(weights[1]).toBeCloseTo(0.5, 12);
    const fused = fuseFeatures([a, c], { standardize: false });
    expect(Array.from(applyBlockWeights(fused, [2, 0.5]))).toEqual([2, 0, 0, 0, 2, 1.5, 2, 2, 3]);
  });
});
