import { describe, expect, it } from 'vitest';
import { createRng } from '../../internal/rng.js';
import { jensenShannonDivergence } from './jensen-shannon-divergence.js';
import { kolmogorovSmirnov } from './kolmogorov-smirnov.js';
import { maximumMeanDiscrepancy } from './maximum-mean-discrepancy.js';
import { wassersteinDistance } from './wasserstein-distance.js';
import { areaUnderCurve } from './logistic-regression.js';

describe('jensenShannonDivergence', () => {
  it.each([
    // identical distributions
    { a: ['x', 'y'], b: ['y', 'x'], expected: 0 },
    // disjoint supports: exactly 1 bit
    { a: ['x', 'x'], b: ['y'], expected: 1 },
    // P = (1, 0), Q = (1/2, 1/2), M = (3/4, 1/4):
    // 0.5*log2(1/(3/4)) + 0.5*(0.5*log2((1/2)/(3/4)) + 0.5*log2((1/2)/(1/4))) = 0.2075 + 0.5*(-0.2925 + 0.5) = 0.3113
    { a: ['x'], b: ['x', 'y'], expected: 0.31128 },
  ])('$a vs $b = $expected', ({ a, b, expected }) => {
    expect(jensenShannonDivergence(a, b)).toBeCloseTo(expected, 4);
  });
});

describe('kolmogorovSmirnov', () => {
  it('computes the largest CDF gap on a hand case', () => {
    // CDFs: a = {1,2,3}, b = {3,4,5}. At 2: 2/3 vs 0 -> 0.667; at 3: 1 vs 1/3 -> 0.667.
    expect(kolmogorovSmirnov([1, 2, 3], [3, 4, 5]).statistic).toBeCloseTo(2 / 3, 10);
    expect(kolmogorovSmirnov([1, 2, 3], [1, 2, 3])).toEqual({ statistic: 0, pValue: 1 });
  });

  it('gives a small p-value to a real shift and a large one to none', () => {
    const rng = createRng(3);
    const a = Array.from({ length: 500 }, () => rng.normal());
    const b = Array.from({ length: 500 }, () => rng.normal());
    const c = Array.from({ length: 500 }, () => rng.normal() + 0.5);
    expect(kolmogorovSmirnov(a, b).pValue).toBeGreaterThan(0.05);
    expect(kolmogorovSmirnov(a, c).pValue).toBeLessThan(1e-6);
  });
});

describe('wassersteinDistance', () => {
  it.each([
    // a shift by 2 moves all mass by 2
    { a: [0, 1, 2], b: [2, 3, 4], expected: 2 },
    // {0, 1} vs {0, 3}: half the mass moves 2 -> 1
    { a: [0, 1], b: [0, 3], expected: 1 },
    { a: [5], b: [5, 5], expected: 0 },
  ])('$a vs $b = $expected', ({ a, b, expected }) => {
    expect(wassersteinDistance(a, b)).toBeCloseTo(expected, 10);
  });
});

describe('maximumMeanDiscrepancy', () => {
  const vectors = (seed: number, n: number, offset: number): Float32Array[] => {
    const rng = createRng(seed);
    return Array.from({ length: n }, () => Float32Array.from({ length: 8 }, () => rng.normal() + offset));
  };

  it('is near 0 for the same distribution and clearly positive for a shifted one', () => {
    const same = maximumMeanDiscrepancy(vectors(1, 300, 0), vectors(2, 300, 0), { rng: createRng(9) });
    const shifted = maximumMeanDiscrepancy(vectors(1, 300, 0), vectors(3, 300, 1), { rng: createRng(9) });
    expect(Math.abs(same.mmd2)).toBeLessThan(0.01);
    expect(shifted.mmd2).toBeGreaterThan(0.1);
  });

  it('subsamples large inputs deterministically', () => {
    const first = maximumMeanDiscrepancy(vectors(1, 400, 0), vectors(2, 400, 0.5), { rng: createRng(5), maxSamples: 100 });
    const second = maximumMeanDiscrepancy(vectors(1, 400, 0), vectors(2, 400, 0.5), { rng: createRng(5), maxSamples: 100 });
    expect(first.realCount).toBe(100);
    expect(first.mmd2).toBe(second.mmd2);
  });
});

describe('areaUnderCurve', () => {
  it('counts ties as half', () => {
    // positives {0.8, 0.5}, negatives {0.5, 0.1}: pairs (0.8>0.5)=1, (0.8>0.1)=1, (0.5=0.5)=0.5, (0.5>0.1)=1 -> 3.5/4
    expect(areaUnderCurve([0.8, 0.5, 0.5, 0.1], [1, 1, 0, 0])).toBeCloseTo(0.875, 10);
  });
});
