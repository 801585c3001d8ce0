import { describe, expect, it } from 'vitest';
import { parseConfig } from './load.js';
import { llmConfigSchema } from './llm.js';

describe('llmConfigSchema', () => {
  it('fills every default for a llama-cpp provider', () => {
    const config = parseConfig(llmConfigSchema, { provider: { type: 'llama-cpp', modelPath: 'models/m.gguf' } });
    expect(config).toEqual({
      provider: { type: 'llama-cpp', modelPath: 'models/m.gguf', threads: 1, contextSize: 2048, sequences: 2 },
      maxOutputTokens: 512,
      cache: { enabled: true, path: '.sampleforge/llm-cache.sqlite' },
      limits: { concurrency: 4, timeoutMs: 60_000, maxRetries: 4, seed: 0 },
      budget: { prices: {} },
      shared: 'auto',
      privacy: { enabled: true, userIdPatterns: [] },
    });
  });

  it('accepts an OpenAI-compatible provider with headers, prices and caps', () => {
    const config = parseConfig(llmConfigSchema, {
      provider: { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:8000/v1', model: 'qwen2.5-7b', apiKeyEnv: 'DASHSCOPE_API_KEY', headers: { 'X-Team': 'search' } },
      budget: { maxUsd: 5, prices: { 'qwen2.5-7b': { inputPerMillion: 0.3, outputPerMillion: 0.6 } } },
    });
    expect(config.provider).toMatchObject({ apiKeyEnv: 'DASHSCOPE_API_KEY', headers: { 'X-Team': 'search' } });
  });

  it.each<[string, unknown, RegExp]>([
    ['unknown provider', { provider: { type: 'anthropic' } }, /provider\.type/],
    ['key in config', { provider: { type: 'openai-compatible', baseUrl: 'http://x/v1', model: 'm', apiKey: 'sk-123' } }, /provider: Unrecognized key: "apiKey"/],
    ['bad base URL', { provider: { type: 'openai-compatible', baseUrl: 'ftp://x', model: 'm' } }, /provider\.baseUrl: .*got "ftp:\/\/x"/],
    ['bad threads', { provider: { type: 'llama-cpp', modelPath: 'm.gguf', threads: -1 } }, /provider\.threads: .*got -1/],
    ['bad regex', { provider: { type: 'llama-cpp', modelPath: 'm.gguf' }, privacy: { userIdPatterns: ['u_[0-9'] } }, /privacy\.userIdPatterns\[0\]: expected a valid regular expression, got "u_\[0-9"/],
  ])('rejects %s, naming the path and value', (_name, input, message) => {
    expect(() => parseConfig(llmConfigSchema, input, 'sampleforge.yaml')).toThrow(message);
  });
});
