import { describe, expect, it } from 'vitest';
import { SampleForgeError } from '../errors.js';
import { parseConfig } from './load.js';
import { splitConfigSchema } from './split.js';

function messageOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    expect(SampleForgeError.is(error, 'E_CONFIG')).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected a config error');
}

describe('split config', () => {
  it('fills the defaults of each method', () => {
    expect(parseConfig(splitConfigSchema, { method: 'leave-one-out' })).toEqual({ method: 'leave-one-out', table: 'interactions', minInteractions: 3 });
    expect(parseConfig(splitConfigSchema, { method: 'k-shot' })).toEqual({ method: 'k-shot', table: 'texts', seed: 0, k: 10, validationK: 0, testFraction: 0.2 });
    expect(parseConfig(splitConfigSchema, { method: 'stratified' })).toMatchObject({ train: 0.8, validation: 0.1, honourDatasetSplit: true });
  });

  it('names the path and value of bad entries', () => {
    expect(messageOf(() => parseConfig(splitConfigSchema, { method: 'random' }))).toMatch(/method: .*got "random"/);
    expect(messageOf(() => parseConfig(splitConfigSchema, { method: 'stratified', train: 0.9, validation: 0.3 }))).toMatch(/validation: train \+ validation must be at most 1, got 0\.3/);
    expect(messageOf(() => parseConfig(splitConfigSchema, { method: 'k-shot', k: 0 }))).toMatch(/k: .*got 0/);
    expect(messageOf(() => parseConfig(splitConfigSchema, { method: 'temporal', validationQuantile: 0.95 }))).toMatch(/validationQuantile: .*got 0\.95/);
  });
});
