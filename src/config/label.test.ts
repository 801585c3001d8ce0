import { describe, expect, it } from 'vitest';
import { SampleForgeError } from '../errors.js';
import { parseConfig } from './load.js';
import { labelConfigSchema } from './label.js';

function messageOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    expect(SampleForgeError.is(error, 'E_CONFIG')).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected a config error');
}

describe('label config', () => {
  it('fills every default', () => {
    const config = parseConfig(labelConfigSchema, {});
    expect(config.graded.grades).toEqual({ purchase: 3, cart: 2, click: 1, view: 0 });
    expect(config.graded.ratingThresholds).toEqual([{ min: 4, grade: 2 }, { min: 3, grade: 1 }]);
    expect(config.userInterests.topN).toBe(3);
    expect(config.weak).toEqual({ enabled: false, functions: [], fillMissing: true, table: 'weak_labels' });
  });

  it('names the path and value of bad entries', () => {
    expect(messageOf(() => parseConfig(labelConfigSchema, { graded: { grades: { view: 0.5 } } }))).toMatch(/graded\.grades\.view: .*got 0\.5/);
    expect(messageOf(() => parseConfig(labelConfigSchema, { weak: { functions: [{ name: 'x', label: 'y' }] } }))).toMatch(
      /weak\.functions\[0\]: give keywords or a pattern, got \{"name":"x","label":"y"\}/,
    );
  });
});
