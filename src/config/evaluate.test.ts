import { describe, expect, it } from 'vitest';
import { evaluateConfigSchema } from './evaluate.js';
import { parseConfig } from './load.js';

describe('evaluate config', () => {
  it('fills the documented defaults', () => {
    expect(parseConfig(evaluateConfigSchema, {})).toEqual({
      ks: [5, 10, 20],
      protocol: 'full',
      negatives: 99,
      negativeSampler: 'uniform',
      seed: 0,
      ties: 'half',
      slices: { shortHistoryMax: 5, longTailBelow: 10 },
    });
  });

  it('names the path and the value of a bad field', () => {
    expect(() => parseConfig(evaluateConfigSchema, { protocol: 'sampled', negatives: 0 })).toThrow(/negatives: .*got 0/);
    expect(() => parseConfig(evaluateConfigSchema, { slices: { shortHistoryMax: -1 } })).toThrow(/slices\.shortHistoryMax: .*got -1/);
    expect(() => parseConfig(evaluateConfigSchema, { ks: [10, 'x'] })).toThrow(/ks\[1\]/);
  });
});
