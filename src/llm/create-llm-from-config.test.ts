import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load.js';
import { llmConfigSchema } from '../config/llm.js';
import { startReplayServer, type ReplayServer } from './fixtures/replay-server.js';
import { createLlmFromConfig } from './create-llm-from-config.js';
import { generateText } from './generate-text.js';

let server: ReplayServer;
let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sf-llm-config-'));
  server = await startReplayServer({ respond: (request) => ({ kind: 'ok', content: `answer ${JSON.stringify((request.body.messages as { content: string }[]).at(-1)?.content)}` }) });
});
afterEach(async () => {
  await server.close();
  await rm(directory, { recursive: true, force: true });
});

describe('createLlmFromConfig', () => {
  it('rerunning the same config makes zero provider calls and yields identical outputs; personal data stays home', async () => {
    const config = parseConfig(llmConfigSchema, {
      provider: { type: 'openai-compatible', baseUrl: server.baseUrl, model: 'qwen2.5-7b', apiKeyEnv: 'QWEN_KEY', headers: { 'x-run': 'test' } },
      cache: { path: 'cache/llm.sqlite' },
      privacy: { userIdPatterns: ['u_[0-9]{6}'] },
    });
    const inputs = ['u_123456 asks about order 42', 'refund to jane@example.com please', 'red shoes size 8'];
    const runOnce = async () => {
      const stack = createLlmFromConfig(config, { env: { QWEN_KEY: 'sk-qwen-abcdefgh12345678' }, baseDirectory: directory });
      try {
        return await Promise.all(inputs.map((content) => generateText({ model: stack.gateway.model, messages: [{ role: 'user', content }] })));
      } finally {
        await stack.dispose();
      }
    };
    const first = await runOnce();
    expect(server.requests).toHaveLength(3);
    expect(server.requests.map((request) => request.rawBody).join('')).not.toMatch(/u_123456|jane@example\.com/);
    expect(first[1].text).toBe('answer "refund to jane@example.com please"');
    const second = await runOnce();
    expect(server.requests).toHaveLength(3);
    expect(second.map((result) => result.text)).toEqual(first.map((result) => result.text));
    expect(second.every((result) => result.lineage.cacheHit)).toBe(true);
  });
});
