import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTextAugmenter } from '../augment/text/create-text-augmenter.js';
import { createRng } from '../internal/rng.js';
import { classicalTextAugmentStepSchema, textAugmentStepSchema } from './augment-text.js';
import { parseConfig } from './load.js';
import { configSchema } from './schema.js';

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
    const step = parseConfig(classicalTextAugmentStepSchema, {
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
    const step = parseConfig(classicalTextAugmentStepSchema, { augmenter: 'text/eda', language: 'zh' });
    await expect(createTextAugmenter(step)).rejects.toThrow(/lexiconPath/);
  });
});

describe('LLM text steps', () => {
  it('fill their documented defaults', () => {
    expect(parseConfig(textAugmentStepSchema, { augmenter: 'llm/paraphrase' })).toEqual({ augmenter: 'llm/paraphrase', temperature: 0.7, maxTokens: 512, outputsPerInput: 3 });
    expect(parseConfig(textAugmentStepSchema, { augmenter: 'llm/back-translation', pivot: 'en' })).toEqual({ augmenter: 'llm/back-translation', temperature: 0.7, maxTokens: 512, pivot: 'en' });
    expect(parseConfig(textAugmentStepSchema, { augmenter: 'llm/intent-utterances' })).toEqual({
      augmenter: 'llm/intent-utterances', temperature: 0.9, maxTokens: 1024, utterancesPerIntent: 10, examplesPerIntent: 5, nearDuplicateThreshold: 0.8, intents: {},
    });
  });

  it('refuse unknown options and pivots, naming the path', () => {
    expect(() => parseConfig(textAugmentStepSchema, { augmenter: 'llm/paraphrase', count: 3 })).toThrow(/count/);
    expect(() => parseConfig(textAugmentStepSchema, { augmenter: 'llm/back-translation', pivot: 'fr' })).toThrow(/pivot.*"fr"/);
  });

  it('are not classical steps (the augment/text shard task refuses them)', () => {
    expect(() => parseConfig(classicalTextAugmentStepSchema, { augmenter: 'llm/paraphrase' })).toThrow(/augmenter/);
  });
});

describe('an intent config with an LLM step', () => {
  const config = (extra: Record<string, unknown>) => ({
    name: 'llm-steps', task: 'intent', data: { synthetic: {} },
    augment: { steps: [{ augmenter: 'text/swap' }, { augmenter: 'llm/paraphrase' }] },
    ...extra,
  });

  it('fails validation without an llm section, naming the step and saying what to add', () => {
    const error = (() => {
      try {
        parseConfig(configSchema, config({}));
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toMatchObject({ code: 'E_CONFIG', message: expect.stringMatching(/augment\.steps\[1\]\.augmenter: llm\/paraphrase needs a language model.*add one, e\.g\. "llm: \{ provider:/) });
  });

  it('validates with one', () => {
    const parsed = parseConfig(configSchema, config({ llm: { provider: { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:8080/v1', model: 'm' } } }));
    expect(parsed.task === 'intent' && parsed.augment.steps[1]).toMatchObject({ augmenter: 'llm/paraphrase', outputsPerInput: 3 });
  });
});

describe('an intent config with align settings it has no field for', () => {
  const config = (align: Record<string, unknown>) => ({ name: 'intent-align', task: 'intent', data: { synthetic: {} }, align });

  it.each<[Record<string, unknown>, RegExp]>([
    [{ ratioCaps: { perClass: 2, classField: 'category' } }, /align\.ratioCaps\.classField: an intent run caps per label only, got "category"/],
    [{ ratioCaps: { perSlice: { label: 2 } } }, /align\.ratioCaps\.perSlice: .*cap per label with align\.ratioCaps\.perClass/],
    [{ slices: ['label', 'activity'] }, /align\.slices: an intent run measures shift per label only; activity is not a field/],
  ])('refuses %j instead of ignoring it', (align, message) => {
    expect(() => parseConfig(configSchema, config(align))).toThrow(message);
  });

  it('accepts the label', () => {
    expect(() => parseConfig(configSchema, config({ slices: ['label'], ratioCaps: { perClass: 2 } }))).not.toThrow();
  });
});
