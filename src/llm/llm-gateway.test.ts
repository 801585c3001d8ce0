import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SampleForgeError } from '../errors.js';
import { startReplayServer, type ReplayServer } from './fixtures/replay-server.js';
import { generateText } from './generate-text.js';
import { openLlmCache, type LlmCache } from './llm-cache.js';
import { createLlmGateway } from './llm-gateway.js';
import { createOpenAICompatible } from './openai-compatible.js';
import { createRateLimiter } from './rate-limiter.js';
import { createUsageLedger, type BudgetLimits } from './usage-ledger.js';

const KEY = 'sk-live-CACHETEST9876543210zyx';
let server: ReplayServer;
let directory: string;
const caches: LlmCache[] = [];

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sf-llm-gateway-'));
  // Echo the request so identical outputs prove the cache returned the right answer.
  server = await startReplayServer({
    respond: (request) => {
      const messages = request.body.messages as { content: string }[] | undefined;
      return { kind: 'ok', content: `echo: ${messages?.at(-1)?.content ?? ''}`, usage: { prompt_tokens: 24, completion_tokens: 11 } };
    },
  });
});
afterEach(async () => {
  for (const cache of caches.splice(0)) cache.close();
  await server.close();
  await rm(directory, { recursive: true, force: true });
});

function makeGateway(options: { budget?: BudgetLimits; concurrency?: number; cache?: boolean } = {}) {
  const provider = createOpenAICompatible({ baseUrl: server.baseUrl, apiKeyEnv: 'K', env: { K: KEY } });
  const cache = options.cache === false ? undefined : openLlmCache({ path: join(directory, 'cache.sqlite') });
  if (cache !== undefined) caches.push(cache);
  const ledger = createUsageLedger(options.budget);
  return createLlmGateway({ model: provider.languageModel('gpt-4o-mini'), cache, ledger, limits: { concurrency: options.concurrency ?? 3 }, defaultMaxTokens: 20 });
}

const prompts = Array.from({ length: 20 }, (_, i) => `query number ${i}`);
const ask = (gateway: ReturnType<typeof makeGateway>, text: string) =>
  generateText({ model: gateway.model, messages: [{ role: 'user', content: text }], temperature: 0, seed: 1, prompt: { id: 'paraphrase', version: '1', hash: 'abc' } });

describe('createLlmGateway: cache', () => {
  it('a rerun makes zero provider calls and returns identical texts with cache hits on lineage', async () => {
    const first = makeGateway();
    const original = await Promise.all(prompts.map((text) => ask(first, text)));
    expect(server.requests).toHaveLength(20);
    expect(original[3].lineage).toEqual({ provider: 'openai-compatible', model: 'gpt-4o-mini', promptId: 'paraphrase', promptVersion: '1', promptHash: 'abc', tokensIn: 24, tokensOut: 11, cacheHit: false, costUsd: 0 });
    caches.splice(0).forEach((cache) => cache.close());

    const second = makeGateway();
    const rerun = await Promise.all(prompts.map((text) => ask(second, text)));
    expect(server.requests).toHaveLength(20);
    expect(rerun.map((result) => result.text)).toEqual(original.map((result) => result.text));
    expect(rerun.every((result) => result.lineage.cacheHit)).toBe(true);
    expect(second.totals()).toMatchObject({ requests: 0, cacheHits: 20, tokensIn: 0 });
    caches.splice(0).forEach((cache) => cache.close());
    const bytes = await readFile(join(directory, 'cache.sqlite'));
    expect(bytes.includes(Buffer.from(KEY))).toBe(false);
    expect(bytes.includes(Buffer.from('CACHETEST'))).toBe(false);
  });

  it('concurrent identical requests share one provider call', async () => {
    const gateway = makeGateway({ cache: false });
    const results = await Promise.all(Array.from({ length: 5 }, () => ask(gateway, 'same question')));
    expect(server.requests).toHaveLength(1);
    expect(new Set(results.map((result) => result.text)).size).toBe(1);
    expect(gateway.totals()).toMatchObject({ requests: 1, cacheHits: 4, tokensIn: 24, tokensOut: 11 });
  });
});

describe('createLlmGateway: budget', () => {
  it('stops at exactly maxRequests after in-flight work settles, and a rerun resumes from the cache', async () => {
    const runAll = async (gateway: ReturnType<typeof makeGateway>) => {
      const settled = await Promise.allSettled(prompts.map((text) => ask(gateway, text)));
      return settled;
    };
    const first = await runAll(makeGateway({ budget: { maxRequests: 7 } }));
    expect(server.requests).toHaveLength(7);
    expect(first.filter((result) => result.status === 'fulfilled')).toHaveLength(7);
    const rejected = first.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(rejected).toHaveLength(13);
    expect(rejected.every((result) => SampleForgeError.is(result.reason, 'E_BUDGET'))).toBe(true);
    expect((rejected[0].reason as Error).message).toMatch(/7 of llm.budget.maxRequests 7 requests used.*rerun/);

    const second = makeGateway({ budget: { maxRequests: 7 } });
    await runAll(second);
    expect(server.requests).toHaveLength(14);
    expect(second.totals()).toMatchObject({ requests: 7, cacheHits: 7 });

    const third = makeGateway({ budget: { maxRequests: 7 } });
    const last = await runAll(third);
    expect(server.requests).toHaveLength(20);
    expect(last.every((result) => result.status === 'fulfilled')).toBe(true);
    expect(third.totals()).toMatchObject({ requests: 6, cacheHits: 14 });
    const paths = new Set(server.requests.map((request) => JSON.stringify(request.body.messages)));
    expect(paths.size).toBe(20);
  });

  it('counts what earlier attempts of the run spent against the caps', async () => {
    const ledger = createUsageLedger({ maxRequests: 7 }, { spent: { requests: 5, cacheHits: 2, tokensIn: 120, tokensOut: 55, costUsd: 0, failedAttempts: 0 } });
    const gateway = createLlmGateway({ model: createOpenAICompatible({ baseUrl: server.baseUrl }).languageModel('gpt-4o-mini'), ledger, limits: { concurrency: 1 }, defaultMaxTokens: 20 });
    const settled = await Promise.allSettled(prompts.slice(0, 4).map((text) => ask(gateway, text)));
    expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected']);
    expect(server.requests).toHaveLength(2);
    expect(gateway.totals()).toMatchObject({ requests: 7, cacheHits: 2, tokensIn: 120 + 2 * 24, tokensOut: 55 + 2 * 11 });
  });

  it('never crosses maxTokens: each request reserves its estimated input plus its output cap', async () => {
    const gateway = makeGateway({ budget: { maxTokens: 200 }, cache: false });
    const settled = await Promise.allSettled(prompts.map((text) => ask(gateway, text)));
    const totals = gateway.totals();
    expect(totals.tokensIn + totals.tokensOut).toBeLessThanOrEqual(200);
    expect(totals.requests).toBe(server.requests.length);
    expect(totals.requests).toBeGreaterThanOrEqual(4);
    expect(settled.filter((result) => result.status === 'rejected').every((result) => SampleForgeError.is((result as PromiseRejectedResult).reason, 'E_BUDGET'))).toBe(true);
  });

  it('prices requests from the table and stops before maxUsd', async () => {
    const prices = { 'gpt-4o-mini': { inputPerMillion: 150, outputPerMillion: 600 } };
    const gateway = makeGateway({ budget: { maxUsd: 0.1, prices }, cache: false, concurrency: 1 });
    const settled = await Promise.allSettled(prompts.map((text) => ask(gateway, text)));
    const fulfilled = settled.filter((result): result is PromiseFulfilledResult<Awaited<ReturnType<typeof ask>>> => result.status === 'fulfilled');
    // One answer: (24 * 150 + 11 * 600) / 1e6 = $0.0102. Worst case reserved once the input scale is
    // learned: (24 * 150 + 20 * 600) / 1e6 = $0.0156, so the 10th request (0.0918 + 0.0156 > 0.1) never starts.
    expect(fulfilled[0].value.lineage.costUsd).toBeCloseTo(0.0102, 10);
    expect(fulfilled).toHaveLength(9);
    expect(gateway.totals().costUsd).toBeCloseTo(0.0918, 10);
    expect(server.requests).toHaveLength(9);
  });
});

describe('createRateLimiter', () => {
  it('keeps at most `concurrency` requests in flight at the server', async () => {
    await server.close();
    server = await startReplayServer({ delayMs: 30 });
    const gateway = makeGateway({ concurrency: 3, cache: false });
    await Promise.all(prompts.map((text) => ask(gateway, text)));
    expect(server.peakConcurrency()).toBe(3);
  });

  it('times each attempt from when it holds a slot, so requests queued longer than the timeout still succeed', async () => {
    await server.close();
    server = await startReplayServer({ delayMs: 150 });
    const gateway = createLlmGateway({ model: createOpenAICompatible({ baseUrl: server.baseUrl }).languageModel('m'), limits: { concurrency: 1 }, retry: { timeoutMs: 400, maxRetries: 0 } });
    // Six requests one at a time take ~900 ms; the last waits ~750 ms for its slot, above the 400 ms timeout.
    const results = await Promise.all(prompts.slice(0, 6).map((text) => ask(gateway, text)));
    expect(results).toHaveLength(6);
    expect(server.requests).toHaveLength(6);
  });

  it('spaces requests to the requests-per-minute limit', async () => {
    const limiter = createRateLimiter({ concurrency: 10, requestsPerMinute: 600, burstSeconds: 0.1 });
    const started = performance.now();
    const times: number[] = [];
    await Promise.all(Array.from({ length: 6 }, async () => {
      const permit = await limiter.acquire(0);
      times.push(performance.now() - started);
      permit.settle();
    }));
    // Burst of 1, then one every 100 ms: the sixth starts after about 500 ms.
    expect(Math.max(...times)).toBeGreaterThanOrEqual(480);
    expect(Math.max(...times)).toBeLessThan(1_500);
  });

  it('spaces requests to the tokens-per-minute limit and refunds unused tokens', async () => {
    const limiter = createRateLimiter({ tokensPerMinute: 60_000, burstSeconds: 0.1 });
    const started = performance.now();
    // Bucket holds 100 tokens and refills 1 per ms; 3 requests of 100 need ~200 ms.
    for (let i = 0; i < 3; i++) (await limiter.acquire(100)).settle(100);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    const refundStart = performance.now();
    for (let i = 0; i < 3; i++) (await limiter.acquire(100)).settle(0);
    expect(performance.now() - refundStart).toBeLessThan(150);
  });
});
