import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SampleForgeError } from '../errors.js';
import { startReplayServer, type ReplayServer } from './fixtures/replay-server.js';
import { generateObject, toResponseFormat } from './generate-object.js';
import { createLlmGateway } from './llm-gateway.js';
import { createOpenAICompatible } from './openai-compatible.js';
import type { LanguageModel } from './spec.js';

const schema = z.object({ paraphrases: z.array(z.string().min(1)).min(2) });
let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function modelAnswering(answers: string[]): Promise<LanguageModel> {
  server = await startReplayServer({ respond: (request) => ({ kind: 'ok', content: answers[Math.min(request.index, answers.length - 1)] }) });
  return createLlmGateway({ model: createOpenAICompatible({ baseUrl: server.baseUrl }).languageModel('qwen2.5-7b-instruct') }).model;
}

const messages = [{ role: 'user' as const, content: 'paraphrase: red shoes' }];

describe('generateObject', () => {
  it('sends the zod schema as json_schema and returns the validated object', async () => {
    const model = await modelAnswering(['{"paraphrases": ["crimson shoes", "shoes in red"]}']);
    const result = await generateObject({ model, messages, schema, schemaName: 'paraphrases' });
    expect(result.object).toEqual({ paraphrases: ['crimson shoes', 'shoes in red'] });
    expect(result.attempts).toBe(1);
    const format = server?.requests[0].body.response_format as { type: string; json_schema: { name: string; schema: { properties: Record<string, unknown>; required: string[] } } };
    expect(format.type).toBe('json_schema');
    expect(format.json_schema.name).toBe('paraphrases');
    expect(format.json_schema.schema.required).toEqual(['paraphrases']);
    expect(result.lineage).toMatchObject({ tokensIn: 24, tokensOut: 11, cacheHit: false });
  });

  it('repairs code fences and trailing prose without another request', async () => {
    const model = await modelAnswering(['```json\n{"paraphrases": ["a b", "b a"]}\n```\nLet me know!']);
    const result = await generateObject({ model, messages, schema });
    expect(result.object.paraphrases).toEqual(['a b', 'b a']);
    expect(server?.requests).toHaveLength(1);
  });

  it('asks for a correction after an invalid answer and adds up lineage over attempts', async () => {
    const model = await modelAnswering(['{"paraphrases": ["only one"]}', '{"paraphrases": ["one", "two"]}']);
    const result = await generateObject({ model, messages, schema });
    expect(result.attempts).toBe(2);
    expect(result.warnings.map((warning) => warning.code)).toContain('W_OUTPUT_REPAIRED');
    expect(result.lineage).toMatchObject({ tokensIn: 48, tokensOut: 22 });
    const second = server?.requests[1].body.messages as { role: string; content: string }[];
    expect(second.at(-2)).toEqual({ role: 'assistant', content: '{"paraphrases": ["only one"]}' });
    expect(second.at(-1)?.content).toMatch(/not valid \(paraphrases: Too small/);
  });

  it('gives up after maxRepairs with E_PROVIDER_OUTPUT carrying the raw text', async () => {
    const model = await modelAnswering(['I am sorry, I cannot answer in JSON.']);
    const error = await generateObject({ model, messages, schema, maxRepairs: 1 }).catch((caught: unknown) => caught);
    expect(SampleForgeError.is(error, 'E_PROVIDER_OUTPUT')).toBe(true);
    expect((error as SampleForgeError).details).toMatchObject({ rawText: 'I am sorry, I cannot answer in JSON.', attempts: 2 });
    expect(server?.requests).toHaveLength(2);
  });

  it('rejects schemas JSON Schema cannot express, naming the schema', () => {
    expect(() => toResponseFormat(z.object({ when: z.date() }), 'dated')).toThrow(/dated cannot be expressed/);
  });
});
