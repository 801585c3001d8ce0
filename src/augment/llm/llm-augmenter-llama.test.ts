import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../internal/rng.js';
import { createLlamaCpp, type LlamaCppProvider } from '../../llm/llama-cpp.js';
import type { Item } from '../../types.js';
import { interactionPickSchema, llmInteractionAugment, type InteractionCandidates } from './llm-interaction-augment.js';

const tinyRandomPath = resolve(process.cwd(), '../shared/models/llama-2-tiny-random/llama-2-tiny-random.gguf');
let provider: LlamaCppProvider;
beforeAll(() => {
  provider = createLlamaCpp({ modelPath: tinyRandomPath, contextSize: 2048, sequences: 2 });
});
afterAll(async () => {
  await provider.dispose();
});

const item = (itemId: string, title: string): Item => ({ itemId, title, category: [], attributes: {} });
const catalog = new Map([
  item('i1', 'Nike Air Zoom Pegasus 40 Running Shoes'), item('i2', '小米手环 8 运动手环'),
  item('c1', 'Brooks Ghost 15 Running Shoes'), item('c2', 'Running Socks 3 Pack'), item('c3', 'Cast Iron Skillet'),
].map((entry) => [entry.itemId, entry]));
const records: InteractionCandidates[] = [
  { id: 'r1', userId: 'u1', history: ['i1', 'i2'], candidates: ['c1', 'c2', 'c3'] },
  { id: 'r2', userId: 'u2', history: ['i2'], candidates: ['c2', 'c3'] },
];

describe('llmInteractionAugment on embedded llama.cpp (llama-2-tiny-random, grammar-constrained JSON)', () => {
  it('gets schema-valid picks from the grammar, and the id filter decides every record with a reason when it drops', async () => {
    const augmenter = llmInteractionAugment({ model: provider.languageModel(), catalog, maxTokens: 400 });
    const outcome = await augmenter.augmentWithRejects(records, { rng: createRng(3), seed: 3 });
    // The grammar makes every answer parse: no record is lost to invalid output.
    expect(outcome.warnings).toEqual([]);
    const outputs = [...outcome.kept, ...outcome.dropped];
    expect(outputs.map((output) => output.id).sort()).toEqual(['r1~pick', 'r2~pick']);
    for (const output of outputs) {
      expect(interactionPickSchema.safeParse({ positive: output.sample.positive, negative: output.sample.negative, reason: output.lineage.params.reason }).success).toBe(true);
      expect(output.lineage.llm).toMatchObject({ provider: 'llama-cpp', model: 'llama-2-tiny-random.gguf', promptId: 'interaction-augment', cacheHit: false });
      expect(output.lineage.llm?.tokensIn).toBeGreaterThan(0);
      const candidates = new Set(records.find((record) => `${record.id}~pick` === output.id)?.candidates);
      const valid = candidates.has(output.sample.positive ?? '') && candidates.has(output.sample.negative ?? '') && output.sample.positive !== output.sample.negative;
      const verdict = output.lineage.verdicts[0];
      expect(verdict.kept).toBe(valid);
      if (!valid) expect(verdict.reason).toMatch(/hallucinated|same candidate/);
    }
    // Greedy decoding with the same seed: the same picks again.
    const again = await augmenter.augmentWithRejects(records, { rng: createRng(3), seed: 3 });
    expect([...again.kept, ...again.dropped].map((output) => output.sample)).toEqual(outputs.map((output) => output.sample));
  });
});
