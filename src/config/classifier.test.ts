import { describe, expect, it } from 'vitest';
import { classifierConfigSchema } from './classifier.js';
import { parseConfig } from './load.js';

describe('classifierConfigSchema', () => {
  it('defaults to fastText supervised settings with word bigrams', () => {
    expect(parseConfig(classifierConfigSchema, {})).toEqual({
      model: 'fasttext',
      dim: 100,
      hiddenDim: 128,
      epochs: 25,
      lr: 0.5,
      wordNgrams: 2,
      charNgramMin: 0,
      charNgramMax: 0,
      buckets: 2_000_000,
      minCount: 1,
      seed: 1,
    });
  });

  it('names the path and the value in errors', () => {
    expect(() => parseConfig(classifierConfigSchema, { model: 'svm' })).toThrow(/model/);
    expect(() => parseConfig(classifierConfigSchema, { epochs: 0 })).toThrow(/epochs.*0/);
    expect(() => parseConfig(classifierConfigSchema, { charNgramMin: 3, charNgramMax: 2 })).toThrow(/charNgramMax/);
  });
});
