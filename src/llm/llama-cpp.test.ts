import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SampleForgeError } from '../errors.js';
import { embed } from './embed.js';
import { generateObject, toResponseFormat } from './generate-object.js';
import { extractJson } from './json-output.js';
import { generateText } from './generate-text.js';
import { createLlamaCpp, type LlamaCppProvider } from './llama-cpp.js';

const storiesPath = resolve(process.cwd(), '../shared/models/stories260K/stories260K.gguf');
const tinyRandomPath = resolve(process.cwd(), '../shared/models/llama-2-tiny-random/llama-2-tiny-random.gguf');
let stories: LlamaCppProvider;
let tinyRandom: LlamaCppProvider;

beforeAll(() => {
  stories = createLlamaCpp({ modelPath: storiesPath, contextSize: 1024, sequences: 2 });
  tinyRandom = createLlamaCpp({ modelPath: tinyRandomPath, contextSize: 1024, sequences: 1 });
});
afterAll(async () => {
  await stories.dispose();
  await tinyRandom.dispose();
});

describe('createLlamaCpp on stories260K', () => {
  it('generates deterministic text at temperature 0 with token usage', async () => {
    const model = stories.languageModel();
    const messages = [{ role: 'user' as const, content: 'Once upon a time' }];
    const first = await generateText({ model, messages, maxTokens: 40 });
    const second = await generateText({ model, messages, maxTokens: 40 });
    expect(first.text.length).toBeGreaterThan(10);
    expect(second.text).toBe(first.text);
    expect(first.lineage).toMatchObject({ provider: 'llama-cpp', model: 'stories260K.gguf', cacheHit: false });
    expect(first.lineage.tokensIn).toBeGreaterThan(0);
    expect(first.lineage.tokensOut).toBeGreaterThan(0);
    expect(first.lineage.tokensOut).toBeLessThanOrEqual(40);
  });

  it('runs requests on parallel sequences', async () => {
    const model = stories.languageModel();
    const results = await Promise.all(['Lily saw a cat', 'Tom had a ball', 'The sun was hot'].map((content) =>
      model.doGenerate({ messages: [{ role: 'user', content }], maxTokens: 20 })));
    expect(results.every((result) => result.text.length > 0)).toBe(true);
  });

  it('returns one embedding per text with the model width', async () => {
    const result = await embed({ model: stories.embeddingModel(), values: ['a happy dog', 'a sad cat', 'a happy dog'] });
    expect(result.embeddings).toHaveLength(3);
    expect(result.embeddings[0]).toHaveLength(64);
    expect(result.embeddings[0]).toEqual(result.embeddings[2]);
    expect(result.embeddings[0]).not.toEqual(result.embeddings[1]);
    expect(result.tokensIn).toBeGreaterThan(0);
  });

  it('stops generation when the AbortSignal fires', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const started = performance.now();
    const error = await stories.languageModel().doGenerate({ messages: [{ role: 'user', content: 'Once upon a time' }], maxTokens: 100_000, signal: controller.signal }).catch((caught: unknown) => caught);
    expect(SampleForgeError.is(error, 'E_CANCELLED')).toBe(true);
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('names the path when the model file is missing', async () => {
    const missing = createLlamaCpp({ modelPath: '/nonexistent/model.gguf' });
    const error = await missing.languageModel().doGenerate({ messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
    await missing.dispose();
    expect(SampleForgeError.is(error, 'E_CONFIG')).toBe(true);
    expect((error as Error).message).toContain('/nonexistent/model.gguf');
  });
});

describe('createLlamaCpp grammar-constrained JSON', () => {
  const schema = z.object({ label: z.enum(['exact', 'substitute', 'complement', 'irrelevant']), tags: z.array(z.string().max(12)).max(3) });

  it.each([['stories260K', () => stories], ['llama-2-tiny-random', () => tinyRandom]])('%s output always parses and validates', async (_name, provider) => {
    const model = provider().languageModel();
    for (const seed of [1, 2]) {
      const result = await generateObject({ model, schema, messages: [{ role: 'user', content: 'Label the pair.' }], temperature: 0.8, seed, maxTokens: 120, maxRepairs: 0 });
      expect(schema.safeParse(result.object).success).toBe(true);
      expect(result.attempts).toBe(1);
    }
  });

  it('numbers always parse as JSON (the grammar cannot bound their range, so zod validates after decoding)', async () => {
    const model = tinyRandom.languageModel();
    const format = toResponseFormat(z.object({ score: z.number() }), 'score');
    const values: number[] = [];
    for (const seed of [1, 2]) {
      const response = await model.doGenerate({ messages: [{ role: 'user', content: 'Score it.' }], responseFormat: format, temperature: 0.8, seed, maxTokens: 60 });
      const parsed = extractJson(response.text);
      expect(parsed.ok).toBe(true);
      if (parsed.ok) values.push((parsed.value as { score: number }).score);
    }
    // This is why generateObject validates with zod after constrained decoding and can ask again.
    expect(values.every((value) => typeof value === 'number')).toBe(true);
  });
});
