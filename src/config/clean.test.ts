import { describe, expect, it } from 'vitest';
import { SampleForgeError } from '../errors.js';
import { parseConfig } from './load.js';
import { cleanConfigSchema } from './clean.js';

function messageOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    expect(SampleForgeError.is(error, 'E_CONFIG')).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected a config error');
}

describe('clean config', () => {
  it('fills every default', () => {
    const config = parseConfig(cleanConfigSchema, {});
    expect(config.missingKeys.enabled).toBe(true);
    expect(config.normalizeText).toEqual({ enabled: true, nfkc: true, fullWidth: true, whitespace: true, lowercase: true });
    expect(config.kCore).toEqual({ enabled: false, userK: 5, itemK: 5, maxIterations: 100 });
    expect(config.dwellOutliers.k).toBe(3.5);
    expect(config.sequenceLength).toEqual({ enabled: false, min: 0, max: null });
    expect(config.chronological).toEqual({ enabled: true, byUser: true });
  });

  it.each([
    [{ kCore: { userK: 0 } }, 'kCore.userK', 'got 0'],
    [{ dwellOutliers: { k: 'wide' } }, 'dwellOutliers.k', 'got "wide"'],
    [{ sequenceLength: { min: 10, max: 5 } }, 'sequenceLength.max: max must be at least min', 'got 5'],
    [{ bots: { regularMaxCv: -1 } }, 'bots.regularMaxCv', 'got -1'],
  ])('names the path and value of %j', (input, path, value) => {
    const message = messageOf(() => parseConfig(cleanConfigSchema, input, 'clean'));
    expect(message).toContain(path);
    expect(message).toContain(value);
  });
});
