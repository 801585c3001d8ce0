import { describe, expect, it } from 'vitest';
import { alignConfigSchema } from '../../config/align.js';
import type { TextSample } from '../../types.js';
import { textBudget } from './text-budget.js';

/** 12 texts of `head`, 4 of `mid`, 1 of `tail`. */
const real: TextSample[] = [
  ...Array.from({ length: 12 }, (_, index) => ({ id: `h${index}`, text: `head ${index}`, label: 'head', language: 'en' })),
  ...Array.from({ length: 4 }, (_, index) => ({ id: `m${index}`, text: `mid ${index}`, label: 'mid', language: 'en' })),
  { id: 't0', text: 'tail', label: 'tail', language: 'en' },
];
const budgetOf = (budget: Record<string, unknown>) => alignConfigSchema.parse({ budget: { enabled: true, ...budget } }).budget;

describe('textBudget', () => {
  it('spreads inverse-frequency quotas over the texts: they sum to the quotas, tail texts get more each than head texts', () => {
    const { outputsPerInput, labels } = textBudget(real, budgetOf({ total: 60 }), 5);
    // Weights 1/13, 1/5, 1/2 of 60 (total weight 0.777): 5.94, 15.44, 38.61 -> 6, 15, 39 by largest remainder.
    expect(labels).toEqual({
      head: { real: 12, requested: 6, produced: 0, kept: 0 },
      mid: { real: 4, requested: 15, produced: 0, kept: 0 },
      tail: { real: 1, requested: 39, produced: 0, kept: 0 },
    });
    const sumOf = (label: string) => outputsPerInput.filter((_, index) => real[index].label === label).reduce((a, b) => a + b, 0);
    expect([sumOf('head'), sumOf('mid'), sumOf('tail')]).toEqual([6, 15, 39]);
    const perText = (label: string) => outputsPerInput.filter((_, index) => real[index].label === label);
    // head: 6 over 12 = 0 each and 6 of them 1; mid: 15 over 4 = 3 each and 3 of them 4.
    expect(perText('head').sort()).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    expect(perText('mid').sort()).toEqual([3, 4, 4, 4]);
    expect(perText('tail')).toEqual([39]);
    expect(Math.min(...perText('tail'))).toBeGreaterThan(Math.max(...perText('mid')));
    expect(Math.min(...perText('mid'))).toBeGreaterThan(Math.max(...perText('head')));
  });

  it('is deterministic for a seed; another seed moves only the remainders', () => {
    const budget = budgetOf({ total: 60 });
    const first = textBudget(real, budget, 5);
    expect(textBudget(real, budget, 5)).toEqual(first);
    const other = textBudget(real, budget, 6);
    expect(other.labels).toEqual(first.labels);
    expect(other.outputsPerInput).not.toEqual(first.outputsPerInput);
  });

  it('follows power, minPerSlice and maxRatio', () => {
    expect(textBudget(real, budgetOf({ total: 30, power: 0 }), 1).labels.head.requested).toBe(10);
    expect(textBudget(real, budgetOf({ total: 30, maxRatio: 2 }), 1).labels.tail.requested).toBe(2);
    expect(textBudget(real, budgetOf({ total: 30, minPerSlice: 8 }), 1).labels.head.requested).toBeGreaterThanOrEqual(8);
  });

  it('refuses another slice field with E_CONFIG naming the path, the value and what is allowed', () => {
    expect(() => textBudget(real, budgetOf({ sliceField: 'category' }), 1)).toThrow(/align\.budget\.sliceField.*label only, got "category"; use sliceField: label/);
  });
});
