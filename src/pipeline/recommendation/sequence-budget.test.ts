import { describe, expect, it } from 'vitest';
import { alignConfigSchema } from '../../config/align.js';
import { SampleForgeError } from '../../errors.js';
import { createRng } from '../../internal/rng.js';
import type { Sequence } from '../../types.js';
import { sequenceBudget } from './sequence-budget.js';

/** 300 short histories of 3 items (900 interactions) and 100 long ones of 20 (2,000). */
function users(): Sequence[] {
  const rng = createRng(3);
  return Array.from({ length: 400 }, (_, user) => ({ userId: `u${user}`, items: Array.from({ length: user < 300 ? 3 : 20 }, () => `i${rng.int(50)}`) }));
}

const budgetOf = (section: Record<string, unknown>) => alignConfigSchema.parse({ budget: { enabled: true, sliceField: 'activity', ...section } }).budget;

describe('sequenceBudget', () => {
  it('gives the slice with fewer interactions more, spreads each slice budget evenly over its users, and is seeded', () => {
    const sequences = users();
    const result = sequenceBudget(sequences, budgetOf({ total: 1000, power: 1 }), 7);
    // Shares 1/901 : 1/2001 of 1000 = 689.53 : 310.47, by largest remainder 690 short, 310 long.
    expect(result.slices).toEqual({ long: { sequences: 100, interactions: 2000, requested: 310 }, short: { sequences: 300, interactions: 900, requested: 690 } });
    const short = result.outputsPerInput.slice(0, 300);
    const long = result.outputsPerInput.slice(300);
    expect(short.reduce((a, b) => a + b, 0)).toBe(690);
    expect(long.reduce((a, b) => a + b, 0)).toBe(310);
    expect(new Set(short)).toEqual(new Set([2, 3]));
    expect(new Set(long)).toEqual(new Set([3, 4]));
    expect(sequenceBudget(sequences, budgetOf({ total: 1000, power: 1 }), 7).outputsPerInput).toEqual(result.outputsPerInput);
    expect(sequenceBudget(sequences, budgetOf({ total: 1000, power: 1 }), 8).outputsPerInput).not.toEqual(result.outputsPerInput);
  });

  it('caps a slice at maxRatio synthetic sequences per real interaction and slices by the last item popularity', () => {
    const sequences = users();
    const capped = sequenceBudget(sequences, budgetOf({ total: 1000, maxRatio: 0.5 }), 1);
    expect(capped.slices.short.requested).toBe(450);
    expect(capped.slices.long.requested).toBe(550);
    const byPopularity = sequenceBudget(sequences, budgetOf({ sliceField: 'lastItemPopularity', total: 100 }), 1);
    expect(byPopularity.field).toBe('lastItemPopularity');
    expect(Object.values(byPopularity.slices).reduce((total, slice) => total + slice.requested, 0)).toBe(100);
  });

  it('names the field and the allowed slices for anything else', () => {
    const run = () => sequenceBudget(users(), budgetOf({ sliceField: 'label' }), 1);
    expect(run).toThrow(SampleForgeError);
    expect(run).toThrow(/align\.budget\.sliceField: "label" is not a slice of training sequences; use activity or lastItemPopularity/);
  });
});
