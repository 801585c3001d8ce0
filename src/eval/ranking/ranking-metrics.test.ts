import { describe, expect, it } from 'vitest';
import { averageMetrics, createRankingMetrics, hitRate, mrr, ndcg } from './ranking-metrics.js';

describe('ranking metrics', () => {
  it.each([
    // rank 0 -> hit; rank 4 -> 4 < 5 hit; rank 5 -> miss; Infinity -> miss
    [hitRate(5), 0, 1],
    [hitRate(5), 4, 1],
    [hitRate(5), 5, 0],
    [hitRate(5), Infinity, 0],
    // ndcg: 1/log2(0+2) = 1; 1/log2(2+2) = 1/2; 1/log2(6+2) = 1/3; rank 10 with K 10 -> 0
    [ndcg(10), 0, 1],
    [ndcg(10), 2, 0.5],
    [ndcg(10), 6, 1 / 3],
    [ndcg(10), 10, 0],
    // half tie: rank 0.5 -> 1/log2(2.5) = 0.756470...
    [ndcg(5), 0.5, 1 / Math.log2(2.5)],
    // mrr: 1/(0+1) = 1; 1/(3+1) = .25; 1/(99+1) = .01; miss -> 0; mrr@5 at rank 5 -> 0
    [mrr(), 0, 1],
    [mrr(), 3, 0.25],
    [mrr(), 99, 0.01],
    [mrr(), Infinity, 0],
    [mrr(5), 5, 0],
  ])('%o at rank %f is %f', (metric, rank, expected) => {
    expect(metric.value(rank)).toBeCloseTo(expected, 12);
  });

  it('averages over users and skips users without a target', () => {
    // ranks [0, 2, 30, NaN]: 3 users.
    // hr@5 = (1 + 1 + 0) / 3 = 2/3; ndcg@5 = (1 + 1/2 + 0) / 3 = 0.5; mrr = (1 + 1/3 + 1/31) / 3 = 0.455197...
    const result = averageMetrics([0, 2, 30, Number.NaN], createRankingMetrics([5]));
    expect(result.users).toBe(3);
    expect(result.values['hr@5']).toBeCloseTo(2 / 3, 12);
    expect(result.values['ndcg@5']).toBeCloseTo(0.5, 12);
    expect(result.values.mrr).toBeCloseTo((1 + 1 / 3 + 1 / 31) / 3, 12);
    // slice with only the first and third user: hr@5 = 1/2, ndcg@5 = 1/2
    const slice = averageMetrics([0, 2, 30, Number.NaN], createRankingMetrics([5]), (row) => row !== 1);
    expect(slice.users).toBe(2);
    expect(slice.values['ndcg@5']).toBeCloseTo(0.5, 12);
  });

  it('names metrics hr@K, ndcg@K and mrr', () => {
    expect(createRankingMetrics().map((metric) => metric.name)).toEqual(['hr@5', 'ndcg@5', 'hr@10', 'ndcg@10', 'hr@20', 'ndcg@20', 'mrr']);
  });
});
