import { describe, expect, it } from 'vitest';
import { createRng } from '../../internal/rng.js';
import { stratifiedResample } from '../align/stratified-resample.js';
import { measureShift } from './measure-shift.js';
import { createPlantedShift, PLANTED_FIELDS, PLANTED_SHIFTED_FIELDS } from './test-support/planted-shift.js';
import { compareTexts } from './text-statistics.js';

describe('measureShift on the planted case', () => {
  const { real, synthetic } = createPlantedShift(42);

  it('flags exactly the two shifted fields, and alignment brings the classifier AUC below 0.6', () => {
    const before = measureShift(real, synthetic, { seed: 1, fields: PLANTED_FIELDS, slices: ['label', 'userActivity'] });
    expect(before.flaggedFields.sort()).toEqual([...PLANTED_SHIFTED_FIELDS].sort());
    expect(before.classifier?.auc).toBeGreaterThan(0.7);
    expect(before.classifier?.flagged).toBe(true);
    expect(before.slices.length).toBe(5 + 4);
    expect(before.slices.every((slice) => slice.fields.every((field) => field.field !== slice.slice))).toBe(true);

    const fields = before.fields.filter((field) => field.flagged).map((field) => ({ name: field.field, kind: field.kind }));
    const aligned = stratifiedResample(synthetic, { fields, real, rng: createRng(2), size: real.length });
    const after = measureShift(real, aligned.samples, { seed: 1, fields: PLANTED_FIELDS });
    expect(after.flaggedFields).toEqual([]);
    expect(after.classifier?.auc).toBeLessThan(0.6);
  });

  it('is deterministic for a seed', () => {
    const first = measureShift(real.slice(0, 300), synthetic.slice(0, 300), { seed: 7, fields: PLANTED_FIELDS });
    const second = measureShift(real.slice(0, 300), synthetic.slice(0, 300), { seed: 7, fields: PLANTED_FIELDS });
    expect(first).toEqual(second);
  });

  it('adds MMD on embeddings and honours thresholds', () => {
    const rng = createRng(4);
    const embed = (offset: number) => Array.from({ length: 100 }, () => Float32Array.from({ length: 4 }, () => rng.normal() + offset));
    const report = measureShift(real.slice(0, 100), synthetic.slice(0, 100), {
      seed: 3,
      fields: { rating: 'numeric' },
      classifier: false,
      embeddings: { real: embed(0), synthetic: embed(2) },
      thresholds: { mmd2: 0.05 },
    });
    expect(report.embedding?.flagged).toBe(true);
    expect(report.classifier).toBeUndefined();
    expect(report.thresholds.mmd2).toBe(0.05);
  });
});

describe('compareTexts', () => {
  it('measures length, type-token ratio and out-of-vocabulary rate', () => {
    // real tokens: a b a c (3 types / 4 tokens); synthetic: a z z (2 / 3), OOV z twice -> 2/3
    const result = compareTexts(['a b', 'a c'], ['a z z']);
    expect(result.realMeanLength).toBe(2);
    expect(result.syntheticMeanLength).toBe(3);
    expect(result.realTypeTokenRatio).toBeCloseTo(0.75, 10);
    expect(result.syntheticTypeTokenRatio).toBeCloseTo(2 / 3, 10);
    expect(result.oovRate).toBeCloseTo(2 / 3, 10);
  });
});
