import { describe, expect, it } from 'vitest';
import { createRng } from '../../internal/rng.js';
import { classifierAuc } from '../shift/measure-shift.js';
import { createPlantedShift, PLANTED_FIELDS } from '../shift/test-support/planted-shift.js';
import { capSyntheticRatio } from './cap-synthetic-ratio.js';
import { generationBudget, type GenerationBudgetOptions } from './generation-budget.js';
import { alignmentWeights, computeImportanceWeights, importanceWeights } from './importance-weights.js';
import { largestRemainder, stratifiedResample } from './stratified-resample.js';

describe('stratifiedResample', () => {
  const synthetic = [
    ...Array.from({ length: 90 }, (_, i) => ({ id: `a${i}`, label: 'a' })),
    ...Array.from({ length: 10 }, (_, i) => ({ id: `b${i}`, label: 'b' })),
  ];

  it('matches the real shares of a categorical field', () => {
    const real = [...Array.from({ length: 50 }, () => ({ label: 'a' })), ...Array.from({ length: 50 }, () => ({ label: 'b' }))];
    const result = stratifiedResample(synthetic, { fields: [{ name: 'label', kind: 'categorical' }], real, rng: createRng(1) });
    expect(result.samples.filter((s) => s.label === 'a')).toHaveLength(50);
    // 50 wanted from 10 available: all 10 plus 40 drawn with replacement
    expect(result.samples.filter((s) => s.label === 'b')).toHaveLength(50);
    expect(new Set(result.samples.filter((s) => s.label === 'b').map((s) => s.id)).size).toBe(10);
  });

  it('shrinks the real shares toward the synthetic ones by `smoothing` pseudo-counts', () => {
    const real = [...Array.from({ length: 50 }, () => ({ label: 'a' })), ...Array.from({ length: 50 }, () => ({ label: 'b' }))];
    const labels = (smoothing: number) => stratifiedResample(synthetic, { fields: [{ name: 'label', kind: 'categorical' }], real, rng: createRng(1), smoothing }).samples.filter((s) => s.label === 'a').length;
    // (50 + 100 * 0.9) / (100 + 100) = 0.7 of 100 samples.
    expect(labels(100)).toBe(70);
    expect(labels(0)).toBe(50);
    // A prior far stronger than the data leaves the synthetic shares as they were.
    expect(labels(1e9)).toBe(90);
  });

  it('follows a user target and warns about empty strata', () => {
    const result = stratifiedResample(synthetic, { fields: [{ name: 'label', kind: 'categorical' }], target: { a: 1, b: 3, c: 4 }, size: 40, rng: createRng(1) });
    expect(result.samples.filter((s) => s.label === 'b')).toHaveLength(30);
    expect(result.warnings.map((w) => w.code)).toEqual(['W_EMPTY_STRATUM']);
  });

  it('rounds by largest remainder', () => {
    expect(largestRemainder([1.5, 1.5, 1])).toEqual([2, 1, 1]);
  });
});

describe('importanceWeights', () => {
  it('computes p/(1-p) * n_syn/n_real, clips, and normalises to mean 1', () => {
    // n_syn/n_real = 2: p = 0.5 -> 2, p = 0.2 -> 0.5, p = 0.99 -> 198 clipped to 10; mean (2+0.5+10)/3 = 4.1667
    const weights = importanceWeights([0.5, 0.2, 0.99], { realCount: 10, syntheticCount: 20, min: 0.1, max: 10 });
    expect(weights[0]).toBeCloseTo(2 / 4.16667, 4);
    expect(weights[1]).toBeCloseTo(0.5 / 4.16667, 4);
    expect(weights[2]).toBeCloseTo(10 / 4.16667, 4);
    expect(weights.reduce((a, b) => a + b, 0) / 3).toBeCloseTo(1, 10);
  });

  it('weights shifted synthetic rows so a weighted resample is hard to tell from real', () => {
    const { real, synthetic } = createPlantedShift(5, 1000, 2000);
    const fields = Object.entries(PLANTED_FIELDS).map(([name, kind]) => ({ name, kind }));
    const { weights, auc } = computeImportanceWeights(real, synthetic, { fields, rng: createRng(1), min: 0.05, max: 20, folds: 3, steps: 150 });
    expect(auc).toBeGreaterThan(0.7);
    const rng = createRng(2);
    const cumulative: number[] = [];
    weights.reduce((total, weight, index) => (cumulative[index] = total + weight), 0);
    const draw = (): number => {
      const target = rng.float() * cumulative[cumulative.length - 1];
      let low = 0;
      let high = cumulative.length - 1;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (cumulative[middle] < target) low = middle + 1;
        else high = middle;
      }
      return low;
    };
    const resampled = Array.from({ length: 1000 }, () => synthetic[draw()]);
    expect(classifierAuc(real, resampled, fields, createRng(3), { folds: 3, steps: 150 })?.auc).toBeLessThan(0.6);
  });
});

describe('alignmentWeights', () => {
  const fields = Object.entries(PLANTED_FIELDS).map(([name, kind]) => ({ name, kind }));

  it('weights only the kept records, normalises over the multiset, and its draw removes the planted shift', () => {
    const { real, synthetic } = createPlantedShift(5, 1000, 2000);
    // Every tenth record left out by an earlier correction, every seventh drawn twice.
    const copies = Int32Array.from(synthetic, (_, i) => (i % 10 === 0 ? 0 : i % 7 === 0 ? 2 : 1));
    const result = alignmentWeights(real, synthetic, copies, { fields, rng: createRng(1), min: 0.05, max: 20, folds: 3, steps: 150 });
    expect(result.auc).toBeGreaterThan(0.7);
    let mass = 0;
    let count = 0;
    for (let i = 0; i < synthetic.length; i++) {
      if (copies[i] === 0) expect(result.weights[i]).toBe(0);
      else expect(result.weights[i]).toBeGreaterThan(0);
      mass += copies[i] * result.weights[i];
      count += copies[i];
    }
    expect(mass / count).toBeCloseTo(1, 10);
    expect(result.drawn).toHaveLength(count);
    expect(result.drawn.every((index) => copies[index] > 0)).toBe(true);
    const unweighted = classifierAuc(real, synthetic, fields, createRng(3), { folds: 3, steps: 150 })?.auc ?? 0;
    const weighted = classifierAuc(real, result.drawn.map((index) => synthetic[index]), fields, createRng(3), { folds: 3, steps: 150 })?.auc ?? 1;
    expect(unweighted).toBeGreaterThan(0.7);
    expect(weighted).toBeLessThan(0.6);
  });

  it('is deterministic by seed and falls back to weight 1 when too few records remain for the classifier', () => {
    const { real, synthetic } = createPlantedShift(5, 200, 300);
    const copies = new Int32Array(synthetic.length).fill(1);
    const options = { fields, rng: createRng(4), folds: 3, steps: 50 };
    expect(alignmentWeights(real, synthetic, copies, options).weights).toEqual(alignmentWeights(real, synthetic, copies, { ...options, rng: createRng(4) }).weights);
    const few = new Int32Array(synthetic.length);
    few[0] = 2;
    few[1] = 1;
    const fallback = alignmentWeights(real, synthetic, few, options);
    expect(fallback.weights[0]).toBe(1);
    expect(fallback.weights[2]).toBe(0);
    expect(fallback.auc).toBe(0.5);
    expect(fallback.drawn).toEqual([0, 0, 1]);
  });
});

describe('capSyntheticRatio', () => {
  it('keeps at most maxRatio per real sample of each class, with overrides', () => {
    const real = [{ label: 'a' }, { label: 'a' }, { label: 'b' }];
    const synthetic = [...Array.from({ length: 10 }, () => ({ label: 'a' })), ...Array.from({ length: 10 }, () => ({ label: 'b' })), { label: 'c' }];
    const result = capSyntheticRatio(real, synthetic, { field: 'label', maxRatio: 3, perValue: { b: 5 }, rng: createRng(1) });
    expect(result.kept.filter((s) => s.label === 'a')).toHaveLength(6);
    expect(result.kept.filter((s) => s.label === 'b')).toHaveLength(5);
    expect(result.removed).toEqual({ a: 4, b: 5, c: 1 });
  });
});

describe('generationBudget', () => {
  it.each<{ counts: Record<string, number>; options: GenerationBudgetOptions; expected: Record<string, number> }>([
    // weights 1/(99+1)=0.01, 1/(9+1)=0.1 -> shares 110 * (1/11, 10/11) = 10, 100
    { counts: { head: 99, tail: 9 }, options: { total: 110 }, expected: { head: 10, tail: 100 } },
    // power 0: even split
    { counts: { head: 99, tail: 9 }, options: { total: 10, power: 0 }, expected: { head: 5, tail: 5 } },
    // tail capped at 2 * 9 = 18; the rest goes to head
    { counts: { head: 99, tail: 9 }, options: { total: 110, maxRatio: 2 }, expected: { head: 92, tail: 18 } },
    // minimum per slice first, then inverse frequency: cold 0 -> weight 1, warm 3 -> 0.25; 10 - 2*2 = 6 -> 4.8, 1.2
    { counts: { cold: 0, warm: 3 }, options: { total: 10, minPerSlice: 2 }, expected: { cold: 7, warm: 3 } },
    { counts: {}, options: { total: 10 }, expected: {} },
  ])('$counts with $options -> $expected', ({ counts, options, expected }) => {
    expect(generationBudget(counts, options)).toEqual(expected);
  });
});
