import { describe, expect, it } from 'vitest';
import type { TabularColumn, TabularRow } from '../../augment/generative/tabular.js';
import { createRng } from '../../internal/rng.js';
import { columnShapeSimilarity, frequencies, ksStatistic, totalVariationDistance } from './column-shapes.js';
import { detectionAuc, rocAuc } from './detection.js';
import { pairTrendSimilarity, pearson } from './pair-trends.js';
import { distanceToClosestRecord, refuseCopiedRows } from './privacy.js';

describe('column shapes', () => {
  it.each([
    // CDFs of [1,2,3] and [2,3,4] differ by 1/3 at every step.
    { a: [1, 2, 3], b: [2, 3, 4], ks: 1 / 3 },
    { a: [1, 2, 3], b: [1, 2, 3], ks: 0 },
    { a: [1, 2], b: [5, 6], ks: 1 },
    // At x = 1: 2/4 vs 0/2.
    { a: [1, 1, 2, 2], b: [2, 2], ks: 0.5 },
  ])('KS of $a and $b is $ks', ({ a, b, ks }) => {
    expect(ksStatistic(a, b)).toBeCloseTo(ks, 12);
  });

  it('computes total variation distance by hand', () => {
    // {a: .5, b: .5} vs {a: .75, c: .25}: (|.5-.75| + .5 + .25) / 2 = 0.5.
    expect(totalVariationDistance(frequencies(['a', 'b']), frequencies(['a', 'a', 'a', 'c']))).toBeCloseTo(0.5, 12);
    const columns: TabularColumn[] = [{ name: 'x', kind: 'numeric' }, { name: 'c', kind: 'categorical' }];
    const score = columnShapeSimilarity([{ x: 1, c: 'a' }, { x: 2, c: 'b' }, { x: 3, c: 'b' }], [{ x: 2, c: 'b' }, { x: 3, c: 'b' }, { x: 4, c: 'b' }], columns);
    // x: 1 - 1/3; c: 1 - 1/3 (a: 1/3 vs 0, b: 2/3 vs 1).
    expect(score.score).toBeCloseTo(2 / 3, 12);
  });
});

describe('pair trends', () => {
  it('scores correlation and contingency similarity', () => {
    const real = [{ x: 1, y: 2, c: 'a' }, { x: 2, y: 4, c: 'a' }, { x: 3, y: 6, c: 'b' }];
    const flipped = [{ x: 1, y: 6, c: 'a' }, { x: 2, y: 4, c: 'a' }, { x: 3, y: 2, c: 'b' }];
    expect(pearson(real, 'x', 'y')).toBeCloseTo(1, 12);
    const columns: TabularColumn[] = [{ name: 'x', kind: 'numeric' }, { name: 'y', kind: 'numeric' }, { name: 'c', kind: 'categorical' }];
    const result = pairTrendSimilarity(real, flipped, columns);
    // r = 1 against r = -1: 1 - 2 / 2 = 0.
    expect(result.pairs[0]).toMatchObject({ columns: ['x', 'y'], metric: 'correlation-similarity', score: 0 });
    expect(result.pairs[1]).toMatchObject({ columns: ['x', 'c'], metric: 'contingency-similarity', score: 1 });
    expect(pairTrendSimilarity(real, real, columns).score).toBe(1);
  });
});

describe('detection', () => {
  it('computes ROC AUC by ranks', () => {
    // Positives 0.35 and 0.8 against negatives 0.1 and 0.4: 3 of 4 pairs ordered right.
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 12);
    expect(rocAuc([0.5, 0.5], [0, 1])).toBe(0.5);
  });

  it('cannot tell two samples of one distribution apart but sees a shifted one', () => {
    const rng = createRng(4);
    const draw = (shift: number): TabularRow[] =>
      Array.from({ length: 300 }, () => ({ x: rng.normal() + shift, c: rng.chance(0.5 + shift / 4) ? 'a' : 'b' }));
    const columns: TabularColumn[] = [{ name: 'x', kind: 'numeric' }, { name: 'c', kind: 'categorical' }];
    const real = draw(0);
    expect(detectionAuc(real, draw(0), columns, { seed: 1 }).auc).toBeLessThan(0.6);
    expect(detectionAuc(real, draw(1.5), columns, { seed: 1 }).auc).toBeGreaterThan(0.8);
  });
});

describe('privacy', () => {
  const columns: TabularColumn[] = [{ name: 'age', kind: 'numeric' }, { name: 'c', kind: 'categorical' }];
  const real = [{ age: 20, c: 'a' }, { age: 30, c: 'b' }, { age: 40, c: 'a' }];

  it('measures the distance to the closest record and counts copies', () => {
    const summary = distanceToClosestRecord(real, [{ age: 20, c: 'a' }, { age: 25, c: 'a' }], columns);
    expect(summary.copies).toBe(1);
    // (|25-20| / range 20 + 0) / 2 columns = 0.125.
    expect(summary.synthetic.min).toBe(0);
    expect(summary.synthetic.median).toBeCloseTo(0.125, 12);
    // Real row 20/a to 30/b: (0.5 + 1) / 2 = 0.75; to 40/a: (1 + 0) / 2 = 0.5.
    expect(summary.realToReal.min).toBeCloseTo(0.5, 12);
  });

  it('refuses rows equal to a real record and records the verdict', () => {
    const lineage = { parentIds: [], augmenter: 'test', params: {}, seed: 1, verdicts: [] };
    const { kept, refused } = refuseCopiedRows(real, [
      { id: 's1', sample: { age: 30, c: 'b' }, lineage },
      { id: 's2', sample: { age: 31, c: 'b' }, lineage },
    ], columns);
    expect(refused.map((row) => row.id)).toEqual(['s1']);
    expect(kept.map((row) => row.id)).toEqual(['s2']);
    expect(refused[0].lineage.verdicts).toEqual([{ filter: 'copy-refusal', kept: false, reason: 'equals a real record' }]);
    expect(lineage.verdicts).toEqual([]);
  });
});
