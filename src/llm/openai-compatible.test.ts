import { afterEach, describe, expect, it } from 'vitest';
import { SampleForgeError } from '../errors.js';
import { startReplayServer, type ReplayAction, type ReplayServer } from './fixtures/replay-server.js';
import { createLlmGateway } from './llm-gateway.js';
import { createOpenAICompatible } from './openai-compatible.js';
import { parseRetryAfter } from './provider-error.js';
import { createUsageLedger } from './usage-ledger.js';

const KEY = 'sk-test-FIXTURE0123456789abcdef';
const env = { SAMPLEFORGE_TEST_KEY: KEY };
let server: ReplayServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(actions: ReplayAction[], delayMs = 0): Promise<ReplayServer> {
  server = await startReplayServer({ respond: (request) => actions[request.index] ?? { kind: 'ok' }, delayMs });
  return server;
}

function gatewayFor(baseUrl: string, options: { timeoutMs?: number; maxRetries?: number } = {}) {
  const provider = createOpenAICompatible({ baseUrl, apiKeyEnv: 'SAMPLEFORGE_TEST_KEY', env, headers: { 'x-team': 'search' } });
  const ledger = createUsageLedger();
  const gateway = createLlmGateway({
    model: provider.languageModel('gpt-4o-mini'), embeddingModel: provider.embeddingModel('text-embedding-3-small'), ledger,
    retry: { baseDelayMs: 5, maxDelayMs: 20, timeoutMs: options.timeoutMs ?? 2_000, maxRetries: options.maxRetries ?? 3 },
  });
  return { gateway, ledger };
}

const messages = [{ role: 'user' as const, content: 'red running shoes women size 8' }];

describe('openai-compatible provider', () => {
  it('sends chat completions with the key from the environment, extra headers and a json_schema response format', async () => {
    const replay = await start([]);
    const model = createOpenAICompatible({ baseUrl: replay.baseUrl, apiKeyEnv: 'SAMPLEFORGE_TEST_KEY', env, headers: { 'x-team': 'search' } }).languageModel('gpt-4o-mini');
    const response = await model.doGenerate({ messages, maxTokens: 50, temperature: 0.2, seed: 7, responseFormat: { type: 'json', name: 'out', schema: { type: 'object' } } });
    expect(response).toMatchObject({ text: "Comfortable red sneakers for running, women's size 8.", usage: { tokensIn: 24, tokensOut: 11 }, finishReason: 'stop' });
    const [request] = replay.requests;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request.headers['x-team']).toBe('search');
    expect(request.body).toMatchObject({ model: 'gpt-4o-mini', max_tokens: 50, temperature: 0.2, seed: 7, response_format: { type: 'json_schema', json_schema: { name: 'out', schema: { type: 'object' }, strict: false } } });
  });

  it('returns embeddings in input order with usage', async () => {
    const replay = await start([]);
    const model = createOpenAICompatible({ baseUrl: replay.baseUrl }).embeddingModel('text-embedding-3-small');
    const response = await model.doEmbed({ texts: ['a', 'longer text'] });
    expect(response.embeddings).toHaveLength(2);
    expect(response.embeddings[0]).toHaveLength(4);
    expect(response.embeddings[0]).not.toEqual(response.embeddings[1]);
    expect(replay.requests[0].body).toMatchObject({ input: ['a', 'longer text'], encoding_format: 'float' });
  });

  it('refuses to start when the key variable is missing, naming the variable', () => {
    expect(() => createOpenAICompatible({ baseUrl: 'http://127.0.0.1:1/v1', apiKeyEnv: 'NOPE_KEY', env: {} })).toThrow(/NOPE_KEY is not set/);
  });
});

describe('openai-compatible through the gateway: injected faults', () => {
  it.each<[string, ReplayAction]>([
    ['500', { kind: 'status', status: 500 }],
    ['503', { kind: 'status', status: 503 }],
    ['409', { kind: 'status', status: 409 }],
    ['malformed JSON', { kind: 'malformed' }],
    ['truncated body', { kind: 'truncate' }],
    ['dropped connection', { kind: 'drop' }],
  ])('retries after %s and bills the request once', async (_name, fault) => {
    const replay = await start([fault]);
    const { gateway, ledger } = gatewayFor(replay.baseUrl);
    const result = await gateway.model.doGenerate({ messages });
    expect(result.text).toContain('red sneakers');
    expect(replay.requests).toHaveLength(2);
    expect(ledger.totals()).toMatchObject({ requests: 1, tokensIn: 24, tokensOut: 11, failedAttempts: 1 });
  });

  it('honours retry-after-ms on a 429', async () => {
    const replay = await start([{ kind: 'status', status: 429, headers: { 'retry-after-ms': '150' } }]);
    const { gateway } = gatewayFor(replay.baseUrl);
    const started = performance.now();
    await gateway.model.doGenerate({ messages });
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    expect(replay.requests).toHaveLength(2);
  });

  it('times out a slow answer, retries, and reports a 408-like error when every attempt is slow', async () => {
    const replay = await start([{ kind: 'hang' }]);
    const { gateway } = gatewayFor(replay.baseUrl, { timeoutMs: 150 });
    await expect(gateway.model.doGenerate({ messages })).resolves.toMatchObject({ cacheHit: false });
    expect(replay.requests).toHaveLength(2);

    const always = await startReplayServer({ respond: () => ({ kind: 'hang' }) });
    try {
      const { gateway: slow } = gatewayFor(always.baseUrl, { timeoutMs: 100, maxRetries: 1 });
      const error = await slow.model.doGenerate({ messages }).catch((caught: unknown) => caught);
      expect(SampleForgeError.is(error, 'E_PROVIDER_CALL')).toBe(true);
      expect((error as SampleForgeError).details).toMatchObject({ statusCode: 408, attempts: 2 });
    } finally {
      await always.close();
    }
  });

  it('does not retry a 400 and keeps the response body', async () => {
    const replay = await start([{ kind: 'status', status: 400, body: '{"error":{"message":"Invalid value for max_tokens","type":"invalid_request_error","param":"max_tokens","code":null}}' }]);
    const { gateway, ledger } = gatewayFor(replay.baseUrl);
    const error = await gateway.model.doGenerate({ messages }).catch((caught: unknown) => caught) as SampleForgeError;
    expect(error.code).toBe('E_PROVIDER_CALL');
    expect(error.details.statusCode).toBe(400);
    expect(String(error.details.responseBody)).toContain('max_tokens');
    expect(replay.requests).toHaveLength(1);
    expect(ledger.totals().requests).toBe(0);
  });

  it('cancels an in-flight request through the AbortSignal', async () => {
    const replay = await start([{ kind: 'hang' }]);
    const { gateway } = gatewayFor(replay.baseUrl, { timeoutMs: 10_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = performance.now();
    const error = await gateway.model.doGenerate({ messages, signal: controller.signal }).catch((caught: unknown) => caught);
    expect(SampleForgeError.is(error, 'E_CANCELLED')).toBe(true);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(replay.requests).toHaveLength(1);
  });

  it('keeps the API key out of error messages and details even when the server echoes it', async () => {
    const echo = `{"error":{"message":"Incorrect API key provided: ${KEY}. Header was Authorization: Bearer ${KEY}","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}`;
    const replay = await start([{ kind: 'status', status: 401, body: echo }]);
    const { gateway } = gatewayFor(replay.baseUrl);
    const error = await gateway.model.doGenerate({ messages }).catch((caught: unknown) => caught) as SampleForgeError;
    expect(error.code).toBe('E_PROVIDER_CALL');
    const everything = `${error.message} ${JSON.stringify(error.details)} ${String((error.cause as Error | undefined)?.message ?? '')}`;
    expect(everything).not.toContain(KEY);
    expect(everything).not.toContain('FIXTURE0123456789');
    expect(everything).toContain('[REDACTED]');
  });
});

describe('parseRetryAfter', () => {
  const headers = (entries: Record<string, string>) => new Headers(entries);
  it.each<[Record<string, string>, number | undefined]>([
    [{ 'retry-after': '2' }, 2000],
    [{ 'retry-after': '0.5' }, 500],
    [{ 'retry-after-ms': '120' }, 120],
    [{ 'retry-after-ms': '120', 'retry-after': '9' }, 120],
    [{ 'retry-after': 'Sat, 28 Nov 2026 04:00:03 GMT' }, 3000],
    [{ 'retry-after': 'soon' }, undefined],
    [{}, undefined],
  ])('%j -> %s ms', (entries, expected) => {
    expect(parseRetryAfter(headers(entries), Date.parse('Sat, 28 Nov 2026 04:00:00 GMT'))).toBe(expected);
  });
});
