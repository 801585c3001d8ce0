import { describe, expect, it } from 'vitest';
import type { VariantResult } from '../../types.js';
import { compareVariants } from './compare-variants.js';
import { pairedTTest } from './paired-t-test.js';
import { regularizedIncompleteBeta, studentTCdf, studentTTwoSidedP } from './student-t.js';
import { summarize } from './summarize.js';
import { wilcoxonSignedRank } from './wilcoxon-signed-rank.js';

describe('summarize', () => {
  it('gives mean and the n-1 standard deviation', () => {
    // mean (2+4+6)/3 = 4; squares 4+0+4 = 8; std = sqrt(8/2) = 2
    expect(summarize([2, 4, 6])).toEqual({ mean: 4, std: 2, values: [2, 4, 6] });
    expect(summarize([0.5])).toEqual({ mean: 0.5, std: 0, values: [0.5] });
  });
});

describe('regularizedIncompleteBeta and the Student t CDF', () => {
  it.each([
    // I_0.4(2,3) = sum_{j=2..4} C(4,j) .4^j .6^(4-j) = .3456 + .1536 + .0256 = .5248
    [0.4, 2, 3, 0.5248],
    // I_x(1,1) = x
    [0.3, 1, 1, 0.3],
    // I_x(1/2,1/2) = (2/pi) asin(sqrt(x)); x = .3 -> .369010115
    [0.3, 0.5, 0.5, (2 / Math.PI) * Math.asin(Math.sqrt(0.3))],
    // scipy.special.betainc(10, 20, 0.35)
    [0.35, 10, 20, 0.5923866636639051],
  ])('I_%f(%f, %f) = %f', (x, a, b, expected) => {
    expect(regularizedIncompleteBeta(x, a, b)).toBeCloseTo(expected, 10);
  });

  it.each([
    // df 1 is Cauchy: P(|T| >= 1) = 1 - 2 atan(1)/pi = 0.5
    [1, 1, 0.5],
    // df 2: cdf = 1/2 + t / (2 sqrt(2 + t^2)); two-sided p(2) = 1 - 2/sqrt(6) = 0.183503419
    [2, 2, 1 - 2 / Math.sqrt(6)],
    // scipy.stats.t.sf(2, 5) * 2 and t.sf(3, 10) * 2, t.sf(1.2, 2.5) * 2
    [2, 5, 0.10193947882985835],
    [3, 10, 0.01334365502256957],
    [1.2, 2.5, 0.3314388376658776],
  ])('two-sided p(t=%f, df=%f) = %f', (t, df, expected) => {
    expect(studentTTwoSidedP(t, df)).toBeCloseTo(expected, 10);
    expect(studentTTwoSidedP(-t, df)).toBeCloseTo(expected, 10);
  });

  it('has a symmetric CDF', () => {
    // scipy.stats.t.cdf(-1.5, 3)
    expect(studentTCdf(-1.5, 3)).toBeCloseTo(0.11529193262241147, 10);
    expect(studentTCdf(1.5, 3)).toBeCloseTo(1 - 0.11529193262241147, 10);
    expect(studentTCdf(0, 7)).toBe(0.5);
  });
});

describe('pairedTTest', () => {
  it('matches a hand computation', () => {
    // d = [1, 2, 2, 3, 2]: mean 2, sd = sqrt((1 + 0 + 0 + 1 + 0) / 4) = sqrt(.5)
    // t = 2 / (sqrt(.5) / sqrt(5)) = 2 sqrt(10) = 6.3245553; df 4; p = scipy t.sf(6.3245553, 4) * 2 = 0.0031982022
    const result = pairedTTest([0, 0, 0, 0, 0], [1, 2, 2, 3, 2]);
    expect(result.statistic).toBeCloseTo(2 * Math.sqrt(10), 10);
    expect(result.df).toBe(4);
    expect(result.pValue).toBeCloseTo(0.0031982021523353, 12);
  });

  it('handles no spread and too few pairs', () => {
    expect(pairedTTest([1, 2, 3], [1, 2, 3]).pValue).toBe(1);
    expect(pairedTTest([1, 2, 3], [2, 3, 4]).pValue).toBe(0);
    expect(pairedTTest([1], [2]).pValue).toBeNaN();
    expect(() => pairedTTest([1, 2], [1])).toThrow(/paired/);
  });
});

describe('wilcoxonSignedRank', () => {
  it('gives the exact p on a small case', () => {
    // d = [1.2, -.5, 3.1, 2.2, .7, -1.4, 2.9, .3]; ranks by |d|: .3->1 .5->2 .7->3 1.2->4 1.4->5 2.2->6 2.9->7 3.1->8
    // W- = 2 + 5 = 7, W+ = 36 - 7 = 29. Subsets of {1..8} with sum <= 7: sums 0..7 have 1,1,1,2,2,3,4,5 = 19
    // p = 2 * 19 / 2^8 = 0.1484375 (scipy.stats.wilcoxon(..., method='exact') agrees)
    const d = [1.2, -0.5, 3.1, 2.2, 0.7, -1.4, 2.9, 0.3];
    const result = wilcoxonSignedRank(d.map(() => 0), d);
    expect(result.statistic).toBe(29);
    expect(result.pValue).toBeCloseTo(0.1484375, 12);
  });

  it('drops zeros, averages tied ranks, and caps p at 1', () => {
    // d = [1, 1, -1, 0]: zero dropped; ranks all 2; W+ = 4. Sign patterns of three 2s: W+ in {0,2,2,2,4,4,4,6}
    // P(W+ <= 4) = 7/8, P(W+ >= 4) = 4/8 -> p = min(1, 2 * 4/8) = 1
    const result = wilcoxonSignedRank([0, 0, 0, 0], [1, 1, -1, 0]);
    expect(result.n).toBe(3);
    expect(result.statistic).toBe(4);
    expect(result.pValue).toBe(1);
    // all five positive: W+ = 15, only one of 32 patterns reaches it; p = 2/32
    expect(wilcoxonSignedRank([0, 0, 0, 0, 0], [1, 2, 3, 4, 5]).pValue).toBeCloseTo(0.0625, 12);
  });
});

describe('compareVariants', () => {
  const baseline: VariantResult = {
    name: 'baseline',
    augmenters: [],
    seeds: [1, 2, 3],
    metrics: { test: { 'ndcg@10': summarize([0.03, 0.031, 0.029]), 'hr@10': summarize([0.06, 0.061, 0.059]) } },
  };
  const variant: VariantResult = {
    name: 'crop',
    augmenters: ['sequence/crop'],
    seeds: [3, 1, 2],
    metrics: { test: { 'ndcg@10': summarize([0.033, 0.035, 0.036]) } },
  };

  it('pairs by seed and reports lift and p', () => {
    const [comparison, ...rest] = compareVariants(baseline, variant);
    expect(rest).toHaveLength(0);
    // pairs by seed: (1: .030 -> .035), (2: .031 -> .036), (3: .029 -> .033); d = .005, .005, .004
    expect(comparison.metric).toBe('ndcg@10');
    expect(comparison.baselineMean).toBeCloseTo(0.03, 12);
    expect(comparison.variantMean).toBeCloseTo((0.033 + 0.035 + 0.036) / 3, 12);
    expect(comparison.relativeLift).toBeCloseTo((0.104 / 3 - 0.03) / 0.03, 10);
    const direct = pairedTTest([0.03, 0.031, 0.029], [0.035, 0.036, 0.033]);
    expect(comparison.pValue).toBeCloseTo(direct.pValue, 12);
    expect(comparison.test).toBe('paired t');
  });

  it('refuses variants without a shared seed', () => {
    expect(() => compareVariants(baseline, { ...variant, seeds: [7, 8, 9] })).toThrow(/shares no seed/);
  });
});
