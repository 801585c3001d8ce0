import { describe, expect, it } from 'vitest';
import { SampleForgeError } from '../errors.js';
import { parseConfig } from './load.js';
import { cleanConfigSchema } from './clean.js';
import { configSchema } from './schema.js';

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

  // Through the whole run config, so the message shows the path a user would fix.
  it.each([
    [{ kCore: { enabled: true, k: 5 } }, 'clean.kCore: unknown key "k" (this section takes enabled, userK, itemK, maxIterations)'],
    [{ kcore: { enabled: true } }, 'clean: unknown key "kcore" (this section takes missingKeys, normalizeText,'],
    [{ bots: { maxEvents: 10, cv: 0.1 } }, 'clean.bots: unknown keys "maxEvents", "cv" (this section takes enabled, maxEventsPerSession,'],
    [{ sequenceLength: { maximum: 50 } }, 'clean.sequenceLength: unknown key "maximum" (this section takes enabled, min, max)'],
  ])('refuses unknown keys and lists the known ones: %j', (clean, expected) => {
    const config = { name: 'unknown-keys', task: 'recommendation', data: { synthetic: { preset: 'quickstart' } }, clean };
    expect(messageOf(() => parseConfig(configSchema, config, 'run.yaml'))).toContain(expected);
  });
});
