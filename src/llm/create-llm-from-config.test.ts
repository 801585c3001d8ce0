import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config/load.js';
import { llmConfigSchema } from '../config/llm.js';
import { Redis } from 'ioredis';
import { SampleForgeError } from '../errors.js';
import { startTestRedis, type TestRedis } from '../workers/test-support/redis-server.js';
import { startReplayServer, type ReplayServer } from './fixtures/replay-server.js';
import { createLlmFromConfig } from './create-llm-from-config.js';
import { generateText } from './generate-text.js';
import { createRedisUsageLedger } from './redis-usage-ledger.js';

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

describe('createLlmFromConfig with queue.redis: cache, budget and limits held by all workers together', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  const run = promisify(execFile);
  const viteNode = resolve('node_modules/.bin/vite-node');
  const workerScript = resolve('src/llm/fixtures/shared-llm-worker.ts');
  interface Outcome { worker: string; served: number; cacheHits: number; refused: number; shared: boolean }
  /** Two worker processes, each asking its prompts at once, started together. */
  const twoWorkers = async (scope: string, prompts: string[][], maxRequests: number): Promise<Outcome[]> => {
    const results = await Promise.all(prompts.map((list, index) => run(viteNode, [workerScript], {
      env: { ...process.env, REDIS_URL: redis.url, LLM_BASE_URL: server.baseUrl, BUDGET_SCOPE: scope, PEERS: '2', WORKER: String(index), PROMPTS: JSON.stringify(list), MAX_REQUESTS: String(maxRequests), CONCURRENCY: '3' },
    })));
    return results.map((result) => JSON.parse(result.stdout) as Outcome);
  };

  it('two processes spend one budget exactly, keep one concurrency limit, and the second run is answered from the shared cache', async () => {
    await server.close();
    server = await startReplayServer({ delayMs: 20, respond: (request) => ({ kind: 'ok', content: `answer ${(request.body.messages as { content: string }[]).at(-1)?.content}` }) });
    const prompts = [0, 1].map((worker) => Array.from({ length: 20 }, (_, i) => `worker ${worker} prompt ${i}`));

    const first = await twoWorkers('run-1', prompts, 25);
    expect(first.every((outcome) => outcome.shared)).toBe(true);
    expect(first.reduce((sum, outcome) => sum + outcome.served, 0)).toBe(25);
    expect(first.reduce((sum, outcome) => sum + outcome.refused, 0)).toBe(15);
    expect(server.requests).toHaveLength(25);
    expect(server.peakConcurrency()).toBeLessThanOrEqual(3);
    const client = new Redis(redis.url);
    try {
      expect(await createRedisUsageLedger({ redis: client, scope: 'run-1' }).readSharedTotals()).toMatchObject({ requests: 25, reservedRequests: 0 });
    } finally {
      client.disconnect();
    }

    // A new run (its own budget) with the same prompts: the 25 answered ones come from the cache.
    const second = await twoWorkers('run-2', prompts, 100);
    expect(second.reduce((sum, outcome) => sum + outcome.cacheHits, 0)).toBe(25);
    expect(second.reduce((sum, outcome) => sum + outcome.served, 0)).toBe(15);
    expect(server.requests).toHaveLength(40);
  });

  it('stays per process without queue.redis, and refuses llm.shared: redis without it', () => {
    const config = parseConfig(llmConfigSchema, { provider: { type: 'openai-compatible', baseUrl: server.baseUrl, model: 'm' }, cache: { enabled: false } });
    const local = createLlmFromConfig(config);
    expect(local.shared).toBe(false);
    void local.dispose();
    expect(() => createLlmFromConfig({ ...config, shared: 'redis' })).toThrow(expect.objectContaining({ code: 'E_CONFIG' }));
    expect(() => createLlmFromConfig(config, { redisUrl: redis.url })).toSatisfy((make: () => unknown) => {
      try {
        make();
        return false;
      } catch (error) {
        return SampleForgeError.is(error, 'E_USAGE');
      }
    });
  });
});
