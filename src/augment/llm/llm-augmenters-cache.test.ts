import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRng } from '../../internal/rng.js';
import type { ReplayServer } from '../../llm/fixtures/replay-server.js';
import { openLlmCache } from '../../llm/llm-cache.js';
import { createLlmGateway } from '../../llm/llm-gateway.js';
import { createOpenAICompatible } from '../../llm/openai-compatible.js';
import type { LanguageModel } from '../../llm/spec.js';
import type { Item } from '../../types.js';
import { startRecordedServer } from './fixtures/recorded-server.js';
import { llmAttributeEnrichment } from './llm-attribute-enrichment.js';
import { llmIntentUtterances } from './llm-intent-utterances.js';
import { llmInteractionAugment } from './llm-interaction-augment.js';
import { llmQueryRewrite } from './llm-query-rewrite.js';
import { llmRelevanceLabeler } from './llm-relevance-labeler.js';
import { llmSyntheticQueries } from './llm-synthetic-queries.js';
import type { LlmAugmentOutcome } from './llm-task.js';
import { llmUserProfile } from './llm-user-profile.js';

let server: ReplayServer;
let directory: string;
beforeEach(async () => {
  server = await startRecordedServer();
  directory = await mkdtemp(join(tmpdir(), 'sf-llm-augmenters-'));
});
afterEach(async () => {
  await server.close();
  await rm(directory, { recursive: true, force: true });
});

const item = (itemId: string, title: string, attributes: Record<string, string> = {}): Item => ({ itemId, title, category: [], attributes });
const catalog = new Map([
  item('i1', 'Nike Air Zoom Pegasus 40 Running Shoes'), item('i2', 'Garmin Forerunner 255 GPS Running Watch'), item('i3', 'CamelBak Hydration Vest 1.5L'),
  item('c1', 'Brooks Ghost 15 Running Shoes'), item('c2', 'Running Socks 3 Pack'), item('c3', 'Cast Iron Skillet'), item('c4', 'Knee Brace'),
].map((entry) => [entry.itemId, entry]));
const sony = { itemId: 'h1', title: 'Sony WH-1000XM5 Wireless Noise Cancelling Headphones, Black', category: ['electronics', 'headphones'], attributes: { brand: 'Sony', color: 'Black' } };

/** Each new augmenter on inputs its recordings answer; every run is one "config". */
const runs: [string, (model: LanguageModel, seed: number) => Promise<LlmAugmentOutcome<unknown>>][] = [
  ['intent utterances', (model, seed) => llmIntentUtterances({ model, count: 7, examplesPerIntent: 1 }).augmentWithRejects([
    { id: 't1', text: 'Where is my order', label: 'track_order', language: 'en' }, { id: 'c1', text: 'Please cancel my order', label: 'cancel_order', language: 'en' },
  ], { rng: createRng(seed), seed })],
  ['synthetic queries with a judge', (model, seed) => llmSyntheticQueries({ model, judge: llmRelevanceLabeler({ model }) }).augmentWithRejects([{ id: 'q1', query: '', item: sony }], { rng: createRng(seed), seed })],
  ['query rewrite', (model, seed) => llmQueryRewrite({ model, headQueries: ['samsung galaxy s23 ultra'] }).augmentWithRejects([
    { id: 'r1', text: 'samsung galaxy s23 ultra 512gb phantom black unlocked cheap', language: 'en' },
  ], { rng: createRng(seed), seed })],
  ['user profile', (model, seed) => llmUserProfile({ model, catalog }).augmentWithRejects([{ userId: 'u1', items: ['i1', 'i2', 'i3'] }, { userId: 'u2', items: ['i1'] }], { rng: createRng(seed), seed })],
  ['interaction augmentation', (model, seed) => llmInteractionAugment({ model, catalog }).augmentWithRejects([
    { id: 'r1', userId: 'u1', history: ['i1', 'i2'], candidates: ['c1', 'c2', 'c3', 'c4'] }, { id: 'r2', userId: 'u2', history: ['i3'], candidates: ['c1', 'c3'] },
  ], { rng: createRng(seed), seed })],
  ['attribute enrichment', (model, seed) => llmAttributeEnrichment({ model, attributes: ['material', 'color'] }).augmentWithRejects([
    item('a1', 'Lodge 10.25 Inch Cast Iron Skillet, Pre-Seasoned, Black', { brand: 'Lodge' }),
  ], { rng: createRng(seed), seed })],
];

/** The outcome with cache hits set aside: what must be identical between a run and its rerun. */
function withoutCacheFlags(outcome: LlmAugmentOutcome<unknown>): unknown {
  return JSON.parse(JSON.stringify(outcome, (key, value: unknown) => (key === 'cacheHit' ? undefined : value)));
}

describe('LLM augmenters rerun from the cache', () => {
  it.each(runs)('%s: a rerun makes zero provider calls and yields identical samples', async (_name, run) => {
    const path = join(directory, 'cache.sqlite');
    const once = async () => {
      const cache = openLlmCache({ path });
      try {
        const gateway = createLlmGateway({ model: createOpenAICompatible({ baseUrl: server.baseUrl }).languageModel('qwen2.5-7b-instruct'), cache });
        return { outcome: await run(gateway.model, 21), totals: gateway.totals() };
      } finally {
        cache.close();
      }
    };
    const first = await once();
    const calls = server.requests.length;
    expect(calls).toBeGreaterThan(0);
    expect(first.outcome.kept.length + first.outcome.dropped.length).toBeGreaterThan(0);
    const second = await once();
    expect(server.requests).toHaveLength(calls);
    expect(second.totals).toMatchObject({ requests: 0, cacheHits: calls });
    expect(withoutCacheFlags(second.outcome)).toEqual(withoutCacheFlags(first.outcome));
    expect([...second.outcome.kept, ...second.outcome.dropped].every((output) => output.lineage.llm?.cacheHit === true)).toBe(true);
  });
});
