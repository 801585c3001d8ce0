import { describe, expect, it } from 'vitest';
import { useTestRedis } from '../workers/test-support/use-test-redis.js';
import { startReplayServer } from './fixtures/replay-server.js';
import { generateText } from './generate-text.js';
import { createCacheKey } from './llm-cache.js';
import { createLlmGateway } from './llm-gateway.js';
import { createOpenAICompatible } from './openai-compatible.js';
import { createRedisLlmCache } from './redis-llm-cache.js';

const redis = useTestRedis();

/** A cache on a connection of its own, as a separate worker would have. */
function cache(key: string) {
  const client = redis.connect();
  return createRedisLlmCache({ redis: client, key, location: redis.url() });
}

describe('createRedisLlmCache', () => {
  it('shares entries between clients; the first answer wins', async () => {
    const [a, b] = [cache('cache-entries'), cache('cache-entries')];
    const key = createCacheKey({ model: 'm', messages: ['hello'] });
    expect(await b.get(key)).toBeUndefined();
    await a.set(key, { kind: 'generate', provider: 'p', model: 'm', response: { text: 'one' }, usage: { tokensIn: 3, tokensOut: 2 } });
    await b.set(key, { kind: 'generate', provider: 'p', model: 'm', response: { text: 'two' }, usage: { tokensIn: 9, tokensOut: 9 } });
    expect(await b.get(key)).toEqual({ kind: 'generate', provider: 'p', model: 'm', response: { text: 'one' }, usage: { tokensIn: 3, tokensOut: 2 } });
    expect(await a.size()).toBe(1);
    expect(a.path).toContain('cache-entries');
  });

  it('lets a second gateway (another worker) answer from what the first one asked, with no provider call', async () => {
    const server = await startReplayServer({ respond: (request) => ({ kind: 'ok', content: `echo ${(request.body.messages as { content: string }[]).at(-1)?.content}` }) });
    try {
      const gateway = () => createLlmGateway({ model: createOpenAICompatible({ baseUrl: server.baseUrl }).languageModel('m'), cache: cache('cache-gateway') });
      const prompts = Array.from({ length: 8 }, (_, i) => `question ${i}`);
      const ask = (worker: ReturnType<typeof gateway>) => Promise.all(prompts.map((content) => generateText({ model: worker.model, messages: [{ role: 'user', content }], temperature: 0 })));
      const first = await ask(gateway());
      expect(server.requests).toHaveLength(8);
      const second = gateway();
      const again = await ask(second);
      expect(server.requests).toHaveLength(8);
      expect(again.map((result) => result.text)).toEqual(first.map((result) => result.text));
      expect(again.every((result) => result.lineage.cacheHit)).toBe(true);
      expect(second.totals()).toMatchObject({ requests: 0, cacheHits: 8 });
    } finally {
      await server.close();
    }
  });
});
