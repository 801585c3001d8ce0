import { afterEach, describe, expect, it } from 'vitest';
import { createRng } from '../../internal/rng.js';
import { startReplayServer, type ReplayServer } from '../../llm/fixtures/replay-server.js';
import { createLlmGateway } from '../../llm/llm-gateway.js';
import { createOpenAICompatible } from '../../llm/openai-compatible.js';
import type { TextSample } from '../../types.js';
import { llmBackTranslation } from './llm-back-translation.js';
import { llmIntentUtterances } from './llm-intent-utterances.js';
import { llmParaphrase } from './llm-paraphrase.js';
import { llmRelevanceLabeler } from './llm-relevance-labeler.js';
import { measureLabelAgreement } from './label-agreement.js';

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A replayed model that answers by prompt: paraphrases (with a copy and a duplicate) or translations. */
async function scriptedModel() {
  server = await startReplayServer({
    respond: (request) => {
      const messages = request.body.messages as { role: string; content: string }[];
      const system = messages[0].content;
      const last = messages.at(-1)?.content ?? '';
      if (system.includes('ESCI')) {
        const product = last.slice(last.indexOf('<data name="product">'));
        const label = product.includes('case') ? 'exact' : product.includes('cable') ? 'complement' : 'irrelevant';
        return { kind: 'ok', content: JSON.stringify({ label, reason: 'scripted' }) };
      }
      if (system.includes('paraphrases')) {
        return { kind: 'ok', content: JSON.stringify({ paraphrases: ['Where is my parcel?', 'where is my parcel', 'Where is my order', 'Track my package please'] }) };
      }
      const target = /into\s+(\w+)/.exec(system)?.[1];
      return { kind: 'ok', content: JSON.stringify({ translation: target === 'Chinese' ? '我的包裹在哪里？' : 'Where has my package gone?' }) };
    },
  });
  return createLlmGateway({ model: createOpenAICompatible({ baseUrl: server.baseUrl }).languageModel('qwen2.5-7b-instruct') }).model;
}

const samples: TextSample[] = [{ id: 's1', text: 'Where is my order', label: 'track_order', language: 'en' }];
const context = { rng: createRng(7), seed: 7 };

describe('llmParaphrase', () => {
  it('keeps novel paraphrases only, with lineage naming the prompt version and hash', async () => {
    const model = await scriptedModel();
    const out = await llmParaphrase({ model, count: 3 }).augment(samples, context);
    expect(out.map((item) => item.sample.text)).toEqual(['Where is my parcel?', 'Track my package please']);
    expect(out[0].sample).toMatchObject({ id: 's1~paraphrase~0', label: 'track_order', language: 'en' });
    expect(out[0].lineage).toMatchObject({ parentIds: ['s1'], augmenter: 'llm/paraphrase', seed: expect.any(Number), llm: { promptId: 'paraphrase', promptVersion: '1', tokensIn: 24, cacheHit: false } });
    expect(out[0].lineage.llm?.promptHash).toMatch(/^[0-9a-f]{64}$/);
    const request = server?.requests[0].body.messages as { content: string }[];
    expect(request.at(-1)?.content).toContain('<data name="text">\nWhere is my order\n</data>');
  });
});

describe('llmParaphrase rejects', () => {
  it('returns copies and repeats as dropped outputs with their reasons', async () => {
    const model = await scriptedModel();
    const outcome = await llmParaphrase({ model, count: 3 }).augmentWithRejects(samples, context);
    expect(outcome.kept.map((item) => item.id)).toEqual(['s1~paraphrase~0', 's1~paraphrase~1']);
    expect(outcome.dropped.map((item) => [item.id, item.lineage.verdicts[0].reason])).toEqual([
      ['s1~paraphrase~dropped~1', 'copy of s1~paraphrase~0'],
      ['s1~paraphrase~dropped~2', 'copy of the source s1'],
    ]);
    expect(outcome.warnings).toEqual([]);
  });

  it('turns a request with no valid answer into a warning instead of failing the batch', async () => {
    server = await startReplayServer({ respond: () => ({ kind: 'ok', content: 'not json at all' }) });
    const model = createLlmGateway({ model: createOpenAICompatible({ baseUrl: server.baseUrl }).languageModel('m') }).model;
    const outcome = await llmParaphrase({ model }).augmentWithRejects(samples, context);
    expect(outcome.kept).toEqual([]);
    expect(outcome.warnings).toEqual([expect.objectContaining({ code: 'W_LLM_OUTPUT_INVALID', details: expect.objectContaining({ parentIds: ['s1'] }) })]);
    // One request and the two corrective ones.
    expect(server.requests).toHaveLength(3);
  });
});

describe('llmBackTranslation', () => {
  it('pivots English through Chinese in two calls and records the intermediate text', async () => {
    const model = await scriptedModel();
    const [out] = await llmBackTranslation({ model }).augment(samples, context);
    expect(out.sample.text).toBe('Where has my package gone?');
    expect(out.lineage.params).toEqual({ pivot: 'zh', intermediate: '我的包裹在哪里？' });
    expect(out.lineage.llm).toMatchObject({ promptId: 'back-translation', tokensIn: 48, tokensOut: 22 });
    expect(server?.requests).toHaveLength(2);
  });
});

describe('llmRelevanceLabeler', () => {
  it('labels pairs on the ESCI scale and reports agreement with gold labels', async () => {
    const model = await scriptedModel();
    const item = (itemId: string, title: string) => ({ itemId, title, category: ['phones'], attributes: {} });
    const pairs = [
      { id: 'p1', query: 'iphone 13 case', item: item('i1', 'Tough Armor iPhone 13 case'), label: 'exact' as const },
      { id: 'p2', query: 'iphone 13 case', item: item('i2', 'USB-C to Lightning cable'), label: 'complement' as const },
      { id: 'p3', query: 'iphone 13 case', item: item('i3', 'Garden hose 20 m'), label: 'irrelevant' as const },
      { id: 'p4', query: 'iphone 13 case', item: item('i4', 'iPhone 12 case'), label: 'substitute' as const },
    ];
    const labelled = await llmRelevanceLabeler({ model }).augment(pairs, context);
    expect(labelled.map((pair) => pair.sample.label)).toEqual(['exact', 'complement', 'irrelevant', 'exact']);
    expect(labelled[0].lineage.llm).toMatchObject({ promptId: 'relevance-esci' });
    const agreement = measureLabelAgreement(pairs.map((pair) => pair.label), labelled.map((pair) => pair.sample.label ?? ''));
    expect(agreement.accuracy).toBe(0.75);
    // p_e = (1*2 + 1*1 + 1*1 + 1*0) / 16 = 4/16; kappa = (0.75 - 0.25) / 0.75 = 2/3.
    expect(agreement.kappa).toBeCloseTo(2 / 3, 12);
  });
});

describe('outputsPerInput (targeted generation)', () => {
  /** Answers as many distinct texts as the prompt asks for, tagged by the request's seed. */
  async function countingModel() {
    server = await startReplayServer({
      respond: (request) => {
        const system = (request.body.messages as { content: string }[])[0].content;
        const seed = String(request.body.seed);
        const paraphrases = /Return (\d+) paraphrases/.exec(system);
        if (paraphrases !== null) return { kind: 'ok', content: JSON.stringify({ paraphrases: Array.from({ length: Number(paraphrases[1]) }, (_, index) => `parcel ${seed} ${index}`) }) };
        const utterances = /Write (\d+)\s+new messages/.exec(system);
        if (utterances !== null) return { kind: 'ok', content: JSON.stringify({ utterances: Array.from({ length: Number(utterances[1]) }, (_, index) => `message ${seed} number ${index}`) }) };
        return { kind: 'ok', content: JSON.stringify({ translation: 'Where has my package gone?' }) };
      },
    });
    return createLlmGateway({ model: createOpenAICompatible({ baseUrl: server.baseUrl }).languageModel('m') }).model;
  }
  const three: TextSample[] = [0, 1, 2].map((index) => ({ id: `s${index}`, text: `Where is my order ${index}`, label: index < 2 ? 'track_order' : 'cancel_order', language: 'en' }));
  const asked = () => (server?.requests ?? []).map((request) => Number(/(?:Return|Write) (\d+)/.exec((request.body.messages as { content: string }[])[0].content)?.[1]));

  it('llmParaphrase asks each text for its count, nothing for 0, more than 20 in several requests', async () => {
    const model = await countingModel();
    const outcome = await llmParaphrase({ model, count: 3 }).augmentWithRejects(three, { ...context, outputsPerInput: [0, 3, 25] });
    expect(asked().sort((a, b) => a - b)).toEqual([3, 5, 20]);
    expect(outcome.kept.filter((output) => output.lineage.parentIds[0] === 's1')).toHaveLength(3);
    const s2 = outcome.kept.filter((output) => output.lineage.parentIds[0] === 's2');
    expect(s2.map((output) => output.id)).toEqual(Array.from({ length: 25 }, (_, index) => `s2~paraphrase~${index}`));
    expect(new Set(s2.map((output) => output.lineage.seed)).size).toBe(2);
    // A count equal to the augmenter's own asks exactly what the augmenter asks without a budget.
    const budgeted = server?.requests.find((request) => request.rawBody.includes('order 1'))?.rawBody;
    await server?.close();
    await llmParaphrase({ model: await countingModel(), count: 3 }).augment([three[1]], context);
    expect(server?.requests[0].rawBody).toBe(budgeted);
  });

  it('llmBackTranslation makes one round trip per copy, copy 0 as without a budget, and drops repeats', async () => {
    const model = await countingModel();
    const outcome = await llmBackTranslation({ model }).augmentWithRejects(three, { ...context, outputsPerInput: [0, 1, 3] });
    expect(server?.requests).toHaveLength(2 * 4);
    expect(outcome.kept.map((output) => output.id)).toEqual(['s1~back-translation-zh', 's2~back-translation-zh']);
    expect(outcome.dropped.map((output) => [output.id, output.lineage.verdicts[0].reason])).toEqual([
      ['s2~back-translation-zh~1', 'copy of s2~back-translation-zh'],
      ['s2~back-translation-zh~2', 'copy of s2~back-translation-zh'],
    ]);
    const [alone] = await llmBackTranslation({ model }).augment([three[1]], context);
    expect(alone).toEqual(outcome.kept[0]);
  });

  it('llmIntentUtterances asks each intent for the sum of its texts\' counts, in requests of at most 50', async () => {
    const model = await countingModel();
    const outcome = await llmIntentUtterances({ model, count: 7 }).augmentWithRejects(three, { ...context, outputsPerInput: [30, 30, 0] });
    expect(asked().sort((a, b) => a - b)).toEqual([10, 50]);
    expect(outcome.kept).toHaveLength(60);
    expect(outcome.kept.every((output) => output.sample.label === 'track_order' && output.lineage.params.count === 60)).toBe(true);
    expect(new Set(outcome.kept.map((output) => output.id)).size).toBe(60);
    expect(outcome.kept.at(-1)?.id).toBe('track_order~en~utterance~59');
  });
});
