import { describe, expect, it } from 'vitest';
import { createRng } from '../../internal/rng.js';
import { gemm, gemmEngine, transpose } from './gemm.js';
import { gemmPortable } from './gemm-portable.js';
import { layerNormBackward, layerNormForward } from './layer-norm.js';
import { activationForward } from './activation.js';
import { attentionProbabilityOffsets, causalAttentionBackward, causalAttentionForward, type AttentionShape } from './causal-attention.js';

const random = (length: number, seed: number, scale = 1): Float32Array => {
  const rng = createRng(seed);
  return Float32Array.from({ length }, () => rng.normal() * scale);
};

/** Weighted sum in float64: a scalar loss whose gradient with respect to `values` is `weights`. */
const weightedSum = (values: Float32Array, weights: Float32Array, length = values.length): number => {
  let sum = 0;
  for (let i = 0; i < length; i++) sum += values[i] * weights[i];
  return sum;
};

/** Central differences on every entry of `input`; float32 rounding allows about 1e-3 absolute error at step 1e-2. */
const expectGradient = (input: Float32Array, analytic: Float32Array, loss: () => number, step = 1e-2): void => {
  for (let i = 0; i < input.length; i++) {
    const saved = input[i];
    input[i] = saved + step;
    const up = loss();
    input[i] = saved - step;
    const down = loss();
    input[i] = saved;
    const numeric = (up - down) / (2 * step);
    expect(Math.abs(numeric - analytic[i]), `entry ${i}: numeric ${numeric}, analytic ${analytic[i]}`).toBeLessThan(3e-3 + 2e-2 * Math.abs(numeric));
  }
};

describe.each([
  ['gemm', gemm],
  ['gemmPortable', gemmPortable],
])('%s', (_name, product) => {
  it.each([
    [1, 1, 1],
    [3, 5, 7],
    [4, 8, 16],
    [5, 3, 19],
    [9, 17, 24],
  ])('matches the naive product for %i x %i times %i x n, and accumulates', (m, k, n) => {
    const a = random(m * k, 1);
    const b = random(k * n, 2);
    const c = random(m * n, 3);
    const before = Float32Array.from(c);
    product(a, b, c, m, k, n, true);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
        expect(c[i * n + j]).toBeCloseTo(before[i * n + j] + s, 4);
      }
    }
    product(a, b, c, m, k, n);
    expect(c[m * n - 1]).toBeCloseTo(Array.from({ length: k }, (_, p) => a[(m - 1) * k + p] * b[p * n + n - 1]).reduce((x, y) => x + y, 0), 4);
  });

  it('uses WebAssembly SIMD on Node 20', () => {
    expect(gemmEngine()).toBe('simd');
  });

  it('transposes', () => {
    const out = new Float32Array(6);
    transpose(Float32Array.of(1, 2, 3, 4, 5, 6), out, 2, 3);
    expect(Array.from(out)).toEqual([1, 4, 2, 5, 3, 6]);
  });
});

describe('layer norm backward', () => {
  it('matches finite differences for the input, gain and bias', () => {
    const rows = 3;
    const width = 6;
    const x = random(rows * width, 4);
    const gain = random(width, 5);
    const bias = random(width, 6);
    const weights = random(rows * width, 7);
    const out = new Float32Array(rows * width);
    const normalised = new Float32Array(rows * width);
    const inverseStd = new Float32Array(rows);
    const loss = (): number => {
      layerNormForward(x, gain, bias, out, normalised, inverseStd, rows, width);
      return weightedSum(out, weights);
    };
    loss();
    const dx = new Float32Array(rows * width);
    const dGain = new Float32Array(width);
    const dBias = new Float32Array(width);
    layerNormBackward(weights, gain, normalised, inverseStd, dx, dGain, dBias, rows, width);
    expectGradient(x, dx, loss);
    expectGradient(gain, dGain, loss);
    expectGradient(bias, dBias, loss);
  });
});

describe('activation derivative', () => {
  it.each(['gelu', 'relu'] as const)('%s matches finite differences and known values', (activation) => {
    const x = Float32Array.of(-3, -1.3, -0.4, 0.3, 0.9, 2.5);
    const out = new Float32Array(6);
    const derivative = new Float32Array(6);
    const loss = (): number => {
      activationForward(activation, x, out, derivative, 6);
      return out.reduce((s, v) => s + v, 0);
    };
    loss();
    expectGradient(x, Float32Array.from(derivative), loss, 1e-3);
    if (activation === 'gelu') expect(out[4]).toBeCloseTo(0.9 * 0.8159398746532405, 6);
  });
});

describe('ragged causal attention backward', () => {
  it.each([false, true])('matches finite differences (attention dropout: %s)', (withDropout) => {
    const width = 4;
    const heads = 2;
    const offsets = Int32Array.of(0, 3, 4, 6);
    const shape: AttentionShape = { offsets, sequences: 3, width, heads };
    const tokens = 6;
    const qkv = random(tokens * 3 * width, 8);
    const probabilityOffsets = new Int32Array(4);
    const total = attentionProbabilityOffsets(shape, probabilityOffsets);
    expect(total).toBe(2 * (9 + 1 + 4));
    const rng = createRng(9);
    const mask = withDropout ? Float32Array.from({ length: total }, () => (rng.chance(0.3) ? 0 : 1 / 0.7)) : undefined;
    const probabilities = new Float32Array(total);
    const context = new Float32Array(tokens * width);
    const weights = random(tokens * width, 10);
    const loss = (): number => {
      causalAttentionForward(shape, qkv, probabilityOffsets, probabilities, mask, context);
      return weightedSum(context, weights);
    };
    loss();
    const dQkv = new Float32Array(tokens * 3 * width);
    causalAttentionBackward(shape, qkv, probabilityOffsets, probabilities, mask, weights, dQkv, new Float32Array(8));
    expectGradient(qkv, dQkv, loss);
  });

  it('lets the first position attend only to itself', () => {
    const shape: AttentionShape = { offsets: Int32Array.of(0, 2), sequences: 1, width: 2, heads: 1 };
    const qkv = Float32Array.of(1, 0, 1, 0, 5, 6, 0, 1, 0, 1, 7, 8);
    const context = new Float32Array(4);
    causalAttentionForward(shape, qkv, Int32Array.of(0, 4), new Float32Array(4), undefined, context);
    expect(Array.from(context.subarray(0, 2))).toEqual([5, 6]);
  });
});
