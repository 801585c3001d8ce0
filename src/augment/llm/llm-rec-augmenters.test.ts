import { afterEach, describe, expect, it } from 'vitest';
import { createRng } from '../../internal/rng.js';
import type { ReplayServer } from '../../llm/fixtures/replay-server.js';
import { createLlmGateway } from '../../llm/llm-gateway.js';
import { createOpenAICompatible } from '../../llm/openai-compatible.js';
import type { Augmented, Item } from '../../types.js';
import { lastUserMessage, startRecordedServer } from './fixtures/recorded-server.js';
import { llmAttributeEnrichment } from './llm-attribute-enrichment.js';
import { llmInteractionAugment, type InteractionCandidates } from './llm-interaction-augment.js';
import { llmUserProfile } from './llm-user-profile.js';

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function recordedModel() {
  server = await startRecordedServer();
  return createLlmGateway({ model: createOpenAICompatible({ baseUrl: server.baseUrl }).languageModel('qwen2.5-7b-instruct') }).model;
}

const context = { rng: createRng(11), seed: 11 };
const item = (itemId: string, title: string): Item => ({ itemId, title, category: [], attributes: {} });
const catalog = new Map([
  item('i1', 'Nike Air Zoom Pegasus 40 Running Shoes'),
  item('i2', 'Garmin Forerunner 255 GPS Running Watch'),
  item('i3', 'CamelBak Hydration Vest 1.5L'),
  item('c1', 'Brooks Ghost 15 Running Shoes'),
  item('c2', 'Running Socks 3 Pack'),
  item('c3', 'Cast Iron Skillet'),
  item('c4', 'Knee Brace'),
].map((entry) => [entry.itemId, entry]));
const droppedReason = (output: Augmented<unknown>) => output.lineage.verdicts.find((verdict) => !verdict.kept)?.reason;

describe('llmUserProfile', () => {
  it('profiles histories from item titles only and drops profiles naming brands or numbers the history lacks', async () => {
    const model = await recordedModel();
    const histories = [
      { userId: 'u_100001', items: ['i1', 'i2', 'i3'] },
      { userId: 'u_100002', items: ['i1'] },
      { userId: 'u_100003', items: ['unknown-item'] },
    ];
    const outcome = await llmUserProfile({ model, catalog }).augmentWithRejects(histories, context);
    expect(server?.requests).toHaveLength(2);
    expect(server?.requests.some((request) => request.rawBody.includes('u_10000'))).toBe(false);
    expect(outcome.kept).toHaveLength(1);
    expect(outcome.kept[0]).toMatchObject({
      id: 'u_100001~profile',
      sample: { userId: 'u_100001', items: ['i1', 'i2', 'i3'], profile: { summary: 'A runner who buys running shoes, a GPS running watch and hydration gear.', interests: ['running shoes', 'GPS watches', 'hydration gear'] } },
      lineage: { parentIds: ['u_100001'], augmenter: 'llm/user-profile', params: { itemsShown: 3 }, llm: { promptId: 'user-profile', tokensIn: 140, tokensOut: 40 } },
    });
    expect(outcome.dropped.map((output) => [output.id, droppedReason(output)])).toEqual([
      ['u_100002~profile', 'names "adidas", "22", absent from the history\'s titles'],
    ]);
  });
});

describe('llmInteractionAugment', () => {
  const records: InteractionCandidates[] = [
    { id: 'r1', userId: 'u1', history: ['i1', 'i2'], candidates: ['c1', 'c2', 'c3', 'c4'] },
    { id: 'r2', userId: 'u2', history: ['i3'], candidates: ['c1', 'c3'] },
    { id: 'r3', userId: 'u3', history: ['i2'], candidates: ['c2', 'c4'] },
    { id: 'r4', userId: 'u4', history: [], candidates: ['c1'] },
  ];

  it('keeps picks among the candidates and rejects hallucinated ids and a repeated pick with the reason', async () => {
    const model = await recordedModel();
    const outcome = await llmInteractionAugment({ model, catalog }).augmentWithRejects(records, context);
    expect(server?.requests).toHaveLength(3);
    expect(outcome.kept.map((output) => [output.id, output.sample.positive, output.sample.negative, output.lineage.params.reason])).toEqual([
      ['r1~pick', 'c2', 'c3', 'Running socks suit a runner; a skillet does not.'],
    ]);
    expect(outcome.dropped.map((output) => [output.id, droppedReason(output)])).toEqual([
      ['r2~pick', 'positive "c9" not among the 2 candidate ids (hallucinated)'],
      ['r3~pick', 'positive and negative are the same candidate "c2"'],
    ]);
    const order = outcome.kept[0].lineage.params.candidateOrder as string[];
    expect([...order].sort()).toEqual(['c1', 'c2', 'c3', 'c4']);
    const message = server?.requests.map((request) => lastUserMessage(request.body)).find((text) => text.includes('Pegasus'));
    expect(message).toContain(`<data name="candidates">\n${order.map((id) => `${id}: ${catalog.get(id)?.title}`).join('\n')}\n</data>`);
    expect(outcome.kept[0].lineage.llm).toMatchObject({ promptId: 'interaction-augment', promptVersion: '2', tokensIn: 160, tokensOut: 30 });
  });

  it('turns a record the model never answers validly into a warning with the raw text, and labels the rest', async () => {
    const model = await recordedModel();
    const outcome = await llmInteractionAugment({ model, catalog }).augmentWithRejects([records[0], { id: 'r5', userId: 'u5', history: ['c4'], candidates: ['c1', 'c2'] }], context);
    expect(outcome.kept.map((output) => output.id)).toEqual(['r1~pick']);
    expect(outcome.dropped).toEqual([]);
    expect(outcome.warnings).toHaveLength(1);
    expect(outcome.warnings[0]).toMatchObject({ code: 'W_LLM_OUTPUT_INVALID', details: { augmenter: 'llm/interaction-augment', parentIds: ['r5'], problem: expect.stringContaining('positive'), rawText: expect.stringContaining('numbers again') } });
    // The first answer and its two corrective requests.
    expect(server?.requests).toHaveLength(1 + 3);
  });

  it('shows the candidates in the same seeded order on every run, and another order for another seed', async () => {
    const model = await recordedModel();
    const many = { id: 'r1', userId: 'u1', history: ['i1', 'i2'], candidates: ['c1', 'c2', 'c3', 'c4', 'i3', 'x1', 'x2', 'x3'] };
    const augmenter = llmInteractionAugment({ model, catalog });
    const orderFor = async (seed: number) => {
      const [output] = await augmenter.augment([many], { rng: createRng(seed), seed });
      return output.lineage.params.candidateOrder;
    };
    expect(await orderFor(11)).toEqual(await orderFor(11));
    expect(await orderFor(11)).not.toEqual(await orderFor(12));
  });
});

describe('llmAttributeEnrichment', () => {
  it('fills missing attributes found in the title, never overwrites given ones, and records what it rejected', async () => {
    const model = await recordedModel();
    const items: Item[] = [
      { itemId: 'a1', title: 'Lodge 10.25 Inch Cast Iron Skillet, Pre-Seasoned, Black', category: ['kitchen', 'cookware'], attributes: { brand: 'Lodge', color: '' } },
      { itemId: 'a2', title: 'Gift Card $50', category: [], attributes: {} },
      { itemId: 'a3', title: 'Complete item', category: [], attributes: { brand: 'b', material: 'm', color: 'c', size: 's', capacity: 'x' } },
    ];
    const outcome = await llmAttributeEnrichment({ model, attributes: ['brand', 'material', 'color', 'size', 'capacity'] }).augmentWithRejects(items, context);
    expect(server?.requests).toHaveLength(2);
    expect(outcome.kept).toHaveLength(1);
    expect(outcome.kept[0].sample).toEqual({ ...items[0], attributes: { brand: 'Lodge', color: 'Black', material: 'Cast Iron', size: '10.25 Inch' } });
    expect(outcome.kept[0].lineage.params).toEqual({
      asked: ['material', 'color', 'size', 'capacity'],
      filled: { material: 'Cast Iron', color: 'Black', size: '10.25 Inch' },
      rejected: [
        { name: 'brand', value: 'Lodge Cast Iron', reason: 'given as "Lodge"; never overwritten' },
        { name: 'capacity', value: '5 quarts', reason: 'not found in the title or category' },
        { name: 'weight', value: '5 lb', reason: 'not asked for' },
        { name: 'color', value: 'black', reason: 'named twice; the first value is kept' },
      ],
    });
    expect(outcome.kept[0].lineage.verdicts).toEqual([{ filter: 'llm/attribute-grounding', kept: true, score: 0.75 }]);
    expect(outcome.dropped.map((output) => [output.id, droppedReason(output)])).toEqual([['a2~attributes', 'no attribute filled; rejected: color (no value)']]);
    const lodge = server?.requests.map((request) => lastUserMessage(request.body)).find((text) => text.includes('Lodge'));
    expect(lodge).toContain('<data name="given">\nbrand: Lodge\n</data>');
    expect(lodge).toContain('<data name="missing">\nmaterial\ncolor\nsize\ncapacity\n</data>');
  });
});
