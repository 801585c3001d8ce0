import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTextAugmenter } from '../augment/text/create-text-augmenter.js';
import { createRng } from '../internal/rng.js';
import { textAugmentStepSchema } from './augment-text.js';
import { parseConfig } from './load.js';

describe('textAugmentStepSchema', () => {
  it('fills documented defaults per augmenter', () => {
    expect(parseConfig(textAugmentStepSchema, { augmenter: 'text/eda' })).toEqual({
      augmenter: 'text/eda',
      language: 'en',
      alpha: 0.1,
      outputsPerInput: 9,
      protectedTerms: [],
      useDefaultProtectedTerms: true,
    });
    expect(parseConfig(textAugmentStepSchema, { augmenter: 'text/typo' })).toMatchObject({ outputsPerInput: 1, dropSpaceRate: 0.2 });
    expect(parseConfig(textAugmentStepSchema, { augmenter: 'text/zh-char' })).toMatchObject({ language: 'zh', outputsPerInput: 1 });
  });

  it('names the path and the value in errors', () => {
    expect(() => parseConfig(textAugmentStepSchema, { augmenter: 'text/eda', alpha: 1.5 })).toThrow(/alpha.*1\.5/);
    expect(() => parseConfig(textAugmentStepSchema, { augmenter: 'text/paraphrase' })).toThrow(/augmenter/);
  });

  it('builds a working augmenter from a step, with the user protected terms', async () => {
    const step = parseConfig(textAugmentStepSchema, {
      augmenter: 'text/synonym',
      language: 'zh',
      lexiconPath: path.resolve(process.cwd(), '../shared/data/hanlp-core-synonym/CoreSynonym.txt'),
      protectedTerms: ['便宜'],
      outputsPerInput: 3,
      alpha: 1,
    });
    const augmenter = await createTextAugmenter(step);
    const outputs = await augmenter.augment([{ id: 'a', text: '这个手机很便宜', language: 'zh' }], { rng: createRng(1), seed: 1 });
    expect(outputs).toHaveLength(3);
    for (const output of outputs) expect(output.sample.text).toContain('便宜');
    expect(outputs.some((output) => !output.sample.text.includes('手机'))).toBe(true);
  });

  it('asks for lexiconPath when Chinese synonyms have none', async () => {
    const step = parseConfig(textAugmentStepSchema, { augmenter: 'text/eda', language: 'zh' });
    await expect(createTextAugmenter(step)).rejects.toThrow(/lexiconPath/);
  });
});
