/**
 * Saturation of the HTTP path: a local OpenAI-shaped server answers in 200 ms and serves 8
 * requests at once (more get 429). 1,000 requests through the gateway with concurrency 8 should
 * finish in under 30 s (floor 1000 / 8 * 0.2 s = 25 s). Then the same with a 429 on one request in
 * ten: all 1,000 must succeed and be billed exactly once. The baseline is the bare `openai` client
 * with a pool of 8 workers against the same server, measured in the same run.
 *
 *   npx vite-node bench/llm/throughput.ts
 */
import OpenAI from 'openai';
import { startReplayServer } from '../../src/llm/fixtures/replay-server.js';
import { generateText } from '../../src/llm/generate-text.js';
import { createLlmGateway } from '../../src/llm/llm-gateway.js';
import { createOpenAICompatible } from '../../src/llm/openai-compatible.js';
import { createUsageLedger } from '../../src/llm/usage-ledger.js';

const REQUESTS = 1000;
const CONCURRENCY = 8;
const DELAY_MS = 200;
const floorSeconds = (REQUESTS / CONCURRENCY) * DELAY_MS / 1000;

async function baseline(): Promise<number> {
  const server = await startReplayServer({ delayMs: DELAY_MS, maxConcurrent: CONCURRENCY });
  try {
    const client = new OpenAI({ apiKey: 'not-needed', baseURL: server.baseUrl, maxRetries: 0 });
    let next = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        const index = next++;
        await client.chat.completions.create({ model: 'bench', messages: [{ role: 'user', content: `request ${index}` }] });
      }
    }));
    return (performance.now() - started) / 1000;
  } finally {
    await server.close();
  }
}

async function gatewayRun(rateLimitEvery: number | undefined): Promise<{ seconds: number; served: number; limited: number; totals: ReturnType<ReturnType<typeof createUsageLedger>['totals']>; ok: number }> {
  let limited = 0;
  const server = await startReplayServer({
    delayMs: DELAY_MS,
    maxConcurrent: CONCURRENCY,
    respond: (request) => {
      if (rateLimitEvery !== undefined && request.index % rateLimitEvery === rateLimitEvery - 1) {
        limited++;
        return { kind: 'status', status: 429, headers: { 'retry-after-ms': '100' }, delayMs: 0 };
      }
      return { kind: 'ok', usage: { prompt_tokens: 20, completion_tokens: 10 } };
    },
  });
  try {
    const ledger = createUsageLedger();
    const gateway = createLlmGateway({
      model: createOpenAICompatible({ baseUrl: server.baseUrl }).languageModel('bench'),
      ledger,
      limits: { concurrency: CONCURRENCY },
      retry: { maxRetries: 6, timeoutMs: 30_000 },
      seed: 1,
    });
    const started = performance.now();
    const results = await Promise.allSettled(Array.from({ length: REQUESTS }, (_, index) =>
      generateText({ model: gateway.model, messages: [{ role: 'user', content: `request ${index}` }] })));
    return { seconds: (performance.now() - started) / 1000, served: server.requests.length, limited, totals: ledger.totals(), ok: results.filter((result) => result.status === 'fulfilled').length };
  } finally {
    await server.close();
  }
}

const bare = await baseline();
console.log(`baseline: bare openai client, pool of ${CONCURRENCY}: ${REQUESTS} requests in ${bare.toFixed(2)} s (floor ${floorSeconds.toFixed(1)} s)`);
const clean = await gatewayRun(undefined);
console.log(`gateway, no faults: ${clean.ok}/${REQUESTS} ok in ${clean.seconds.toFixed(2)} s (bar < 30 s, floor ${floorSeconds.toFixed(1)} s, baseline ${bare.toFixed(2)} s); server saw ${clean.served} requests; billed requests ${clean.totals.requests}, tokens in ${clean.totals.tokensIn}, out ${clean.totals.tokensOut}`);
const faulty = await gatewayRun(10);
const expectedTokens = REQUESTS * 30;
console.log(`gateway, 429 on 1 in 10: ${faulty.ok}/${REQUESTS} ok in ${faulty.seconds.toFixed(2)} s; server saw ${faulty.served} requests (${faulty.limited} answered 429); billed requests ${faulty.totals.requests}, tokens ${faulty.totals.tokensIn + faulty.totals.tokensOut} (expected ${expectedTokens}), failed attempts ${faulty.totals.failedAttempts}; duplicate billing: ${faulty.totals.requests === REQUESTS && faulty.totals.tokensIn + faulty.totals.tokensOut === expectedTokens ? 'none' : 'YES'}`);
