import { afterEach, describe, expect, it } from 'vitest';
import { createRng } from '../../internal/rng.js';
import type { ReplayServer } from '../../llm/fixtures/replay-server.js';
import { createLlmGateway } from '../../llm/llm-gateway.js';
import { createOpenAICompatible } from '../../llm/openai-compatible.js';
import { recordVerdict, type FilterOutcome, type SampleFilter } from '../../quality/filters/sample-filter.js';
import type { Augmented, Item, TextSample } from '../../types.js';
import { lastUserMessage, startRecordedServer } from './fixtures/recorded-server.js';
import { llmIntentUtterances } from './llm-intent-utterances.js';
import { llmQueryRewrite } from './llm-query-rewrite.js';
import { llmRelevanceLabeler, type QueryProductPair } from './llm-relevance-labeler.js';
import { llmSyntheticQueries } from './llm-synthetic-queries.js';

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function recordedModel() {
  server = await startRecordedServer();
  return createLlmGateway({ model: createOpenAICompatible({ baseUrl: server.baseUrl }).languageModel('qwen2.5-7b-instruct') }).model;
}

const context = { rng: createRng(7), seed: 7 };
const verdictOf = (output: Augmented<unknown>) => output.lineage.verdicts.find((verdict) => !verdict.kept) ?? output.lineage.verdicts.at(-1);

describe('llmIntentUtterances', () => {
  const samples: TextSample[] = [
    { id: 't1', text: 'Where is my order', label: 'track_order', language: 'en' },
    { id: 't2', text: 'Has my package shipped yet?', label: 'track_order', language: 'en' },
    { id: 't3', text: 'I want to know the delivery status of order 12345', label: 'track_order', language: 'en' },
    { id: 'c1', text: 'Please cancel my order', label: 'cancel_order', language: 'en' },
    { id: 'c2', text: 'I need to cancel the purchase I made yesterday', label: 'cancel_order', language: 'en' },
    { id: 'z1', text: '我的快递到哪了', label: 'track_order', language: 'zh' },
    { id: 'z2', text: '订单什么时候发货', label: 'track_order', language: 'zh' },
    { id: 'u1', text: 'hello', language: 'en' },
  ];
  // A label-consistency hook; a teacher classifier would be used in a run, a rule is enough here.
  const refundIsNotTracking: SampleFilter<TextSample> = {
    name: 'test/label-rule',
    async apply(outputs) {
      const outcome: FilterOutcome<TextSample> = { kept: [], dropped: [] };
      for (const output of outputs) {
        recordVerdict(output, /refund/i.test(output.sample.text) ? { filter: 'test/label-rule', kept: false, reason: 'reads as request_refund' } : { filter: 'test/label-rule', kept: true }, outcome);
      }
      return outcome;
    },
  };

  it('writes utterances per intent and language, drops copies and near copies of real examples, then runs the label hook', async () => {
    const model = await recordedModel();
    const augmenter = llmIntentUtterances({ model, count: 7, examplesPerIntent: 2, intents: { track_order: { description: 'The customer wants to know where an order is or when it arrives.' } }, labelFilter: refundIsNotTracking });
    const outcome = await augmenter.augmentWithRejects(samples, context);
    expect(server?.requests).toHaveLength(3);
    expect(outcome.warnings).toEqual([]);
    expect(outcome.kept.map((output) => [output.sample.label, output.sample.language, output.sample.text])).toEqual([
      ['track_order', 'en', 'Can you tell me where my parcel is right now?'],
      ['track_order', 'en', 'When will my order arrive?'],
      ['cancel_order', 'en', 'Cancel my order please'],
      ['cancel_order', 'en', 'How do I cancel an order I placed today?'],
      ['track_order', 'zh', '我买的东西什么时候能送到'],
      ['track_order', 'zh', '帮我查一下物流信息'],
    ]);
    const reasons = Object.fromEntries(outcome.dropped.map((output) => [output.sample.text, verdictOf(output)?.reason]));
    expect(reasons).toEqual({
      'Where is my order?': 'copy of real example t1',
      'can you tell me where my parcel is right now': 'duplicate of track_order~en~utterance~1',
      'Please cancel my order': 'copy of real example c1',
      'I want to know the delivery status of my order 12345': expect.stringMatching(/^near copy of real example t3 \(character 4-gram Jaccard 0\.\d\d >= 0\.8\)$/),
      "I'd like a refund for my order": 'reads as request_refund',
      '我的快递到哪了？': 'copy of real example z1',
    });
    const [first] = outcome.kept;
    expect(first.lineage).toMatchObject({ augmenter: 'llm/intent-utterances', params: { intent: 'track_order', count: 7, examples: 2 }, llm: { promptId: 'intent-utterances', promptVersion: '1', tokensIn: 180, tokensOut: 75, cacheHit: false } });
    expect(first.lineage.parentIds).toHaveLength(2);
    expect(first.lineage.parentIds.every((id) => ['t1', 't2', 't3'].includes(id))).toBe(true);
    expect(outcome.kept[4].lineage.llm).toMatchObject({ promptId: 'zh/intent-utterances', promptHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const zhRequest = server?.requests.find((request) => lastUserMessage(request.body).includes('意图名称'));
    expect((zhRequest?.body.messages as { content: string }[])[0].content).toContain('中文消息');
    expect(await augmenter.augment(samples, context)).toHaveLength(6);
  });

  it('draws the examples shown with the seed, independently of the batch order', async () => {
    const model = await recordedModel();
    const augmenter = llmIntentUtterances({ model, count: 7, examplesPerIntent: 2 });
    const shown = async (batch: TextSample[]) => {
      const start = server?.requests.length ?? 0;
      await augmenter.augment(batch, context);
      return server?.requests.slice(start).map((request) => lastUserMessage(request.body)).sort();
    };
    expect(await shown([...samples].reverse())).toEqual(await shown(samples));
  });
});

describe('llmSyntheticQueries', () => {
  const sony: Item = { itemId: 'h1', title: 'Sony WH-1000XM5 Wireless Noise Cancelling Headphones, Black', category: ['electronics', 'headphones'], attributes: { brand: 'Sony', color: 'Black' } };
  const redmi: Item = { itemId: 'h2', title: '小米 Redmi Buds 4 青春版 真无线蓝牙耳机 白色', category: [], attributes: {} };
  const pairs: QueryProductPair[] = [
    { id: 'q1', query: 'sony headphones', item: sony },
    { id: 'q2', query: '', item: sony },
    { id: 'q3', query: '', item: redmi },
  ];

  it('keeps the best k by the model\'s own score and rejects title copies and duplicates with the reason', async () => {
    const model = await recordedModel();
    const outcome = await llmSyntheticQueries({ model, count: 8, keep: 3 }).augmentWithRejects(pairs, context);
    expect(server?.requests).toHaveLength(2);
    expect(outcome.kept.map((output) => [output.sample.item.itemId, output.sample.query, output.sample.label, output.lineage.params.rank])).toEqual([
      ['h1', 'noise cancelling headphones', 'exact', 1],
      ['h1', 'sony xm5 headphones', 'exact', 2],
      ['h1', 'headphones for flights', 'exact', 3],
      ['h2', '小米蓝牙耳机', 'exact', 1],
      ['h2', '白色无线耳机', 'exact', 2],
    ]);
    const reasons = Object.fromEntries(outcome.dropped.map((output) => [output.id, [verdictOf(output)?.filter, verdictOf(output)?.reason]]));
    expect(reasons).toEqual({
      'h1~query~0': ['llm/title-copy', 'copy of the title (equal after normalisation)'],
      // Title tokens: sony wh 1000xm5 wireless noise cancelling headphones black; the query has 7 of the 8.
      'h1~query~1': ['llm/title-copy', 'copy of the title (token Jaccard 0.88 >= 0.8)'],
      'h1~query~3': ['llm/duplicate', 'duplicate of real query of q1'],
      'h1~query~6': ['llm/duplicate', 'duplicate of h1~query~2'],
      'h1~query~7': ['llm/top-k', 'rank 4 of 4 by self-rated score 0.75; keeping the best 3'],
      'h2~query~0': ['llm/title-copy', 'copy of the title (equal after normalisation)'],
    });
    expect(outcome.kept[0].lineage).toMatchObject({ parentIds: ['q1', 'q2'], params: { selfScore: 0.9 }, llm: { promptId: 'synthetic-queries', tokensIn: 210, tokensOut: 90 } });
    expect(outcome.kept[3].lineage.llm?.promptId).toBe('zh/synthetic-queries');
    const sonyRequest = server?.requests.map((request) => lastUserMessage(request.body)).find((message) => message.includes('Sony WH-1000XM5'));
    expect(sonyRequest).toContain('<data name="attributes">\ncategory: electronics > headphones; brand: Sony; color: Black\n</data>');
    const redmiRequest = server?.requests.map((request) => lastUserMessage(request.body)).find((message) => message.includes('Redmi'));
    expect(redmiRequest).toContain('<data name="attributes">\n无\n</data>');
  });

  it('with a judge, only candidates it labels exact compete for the k places', async () => {
    const model = await recordedModel();
    const augmenter = llmSyntheticQueries({ model, count: 8, keep: 2, judge: llmRelevanceLabeler({ model }) });
    const outcome = await augmenter.augmentWithRejects(pairs.slice(0, 2), context);
    expect(outcome.kept.map((output) => output.sample.query)).toEqual(['noise cancelling headphones', 'sony xm5 headphones']);
    const flights = outcome.dropped.find((output) => output.sample.query === 'headphones for flights');
    expect(verdictOf(flights as Augmented<QueryProductPair>)).toEqual({ filter: 'llm/judge', kept: false, reason: 'judge labelled "substitute": fits some flights but the query names no use' });
    expect(flights?.lineage.params.judge).toMatchObject({ label: 'substitute', llm: { promptId: 'relevance-esci', tokensIn: 120 } });
    const bluetooth = outcome.dropped.find((output) => output.sample.query === 'bluetooth over ear headphones');
    expect(verdictOf(bluetooth as Augmented<QueryProductPair>)?.reason).toBe('rank 3 of 3 by self-rated score 0.75; keeping the best 2');
    // One generation plus one judgement per candidate that passed the copy filters.
    expect(server?.requests).toHaveLength(1 + 4);
  });
});

describe('llmQueryRewrite', () => {
  const heads = ['samsung galaxy s23 ultra', 'samsung galaxy s23 ultra 512gb', 'unlocked android phone', 'iphone 15 pro', '华为mate60 pro', '华为手机'];
  const queries: TextSample[] = [
    { id: 'r1', text: 'samsung galaxy s23 ultra 512gb phantom black unlocked cheap', language: 'en' },
    { id: 'r2', text: '华为mate60 pro 512GB 雅川青 学生党便宜点的', language: 'zh' },
  ];

  it('keeps rewrites that differ from the query and keep its protected tokens', async () => {
    const model = await recordedModel();
    const outcome = await llmQueryRewrite({ model, headQueries: heads, candidatesPerQuery: 3, count: 4 }).augmentWithRejects(queries, context);
    expect(outcome.kept.map((output) => [output.sample.id, output.sample.text, output.lineage.params.headQuery])).toEqual([
      ['r1~rewrite~0', 'samsung galaxy s23 ultra 512gb', 'samsung galaxy s23 ultra 512gb'],
      ['r1~rewrite~2', 'Samsung Galaxy S23 Ultra 512 GB unlocked', null],
      ['r2~rewrite~0', '华为mate60 pro 512GB', null],
      ['r2~rewrite~2', '华为 Mate60 Pro 512GB 雅川青', null],
    ]);
    expect(outcome.dropped.map((output) => [output.sample.text, verdictOf(output)?.filter, verdictOf(output)?.reason])).toEqual([
      ['samsung galaxy s23 ultra', 'llm/protected-tokens', 'drops protected "512gb"'],
      ['Samsung Galaxy S23 Ultra 512GB Phantom Black Unlocked Cheap!', 'llm/rewrite-differs', 'same as the query after normalisation'],
      ['华为手机 512GB', 'llm/protected-tokens', 'drops protected "华为mate60"'],
    ]);
    expect(outcome.kept[0].lineage.params.candidates).toEqual(['samsung galaxy s23 ultra 512gb', 'samsung galaxy s23 ultra', 'unlocked android phone']);
    // The English query's request (requests run concurrently; the Chinese one can arrive first and can also list samsung candidates).
    expect(server?.requests.map((request) => lastUserMessage(request.body)).find((message) => message.includes('phantom black unlocked cheap'))).toContain('<data name="candidates">\nsamsung galaxy s23 ultra 512gb\nsamsung galaxy s23 ultra\nunlocked android phone\n</data>');
    expect(outcome.kept[2].lineage.llm).toMatchObject({ promptId: 'zh/query-rewrite', tokensIn: 175 });
  });

  it('takes candidates from selectCandidates when given', async () => {
    const model = await recordedModel();
    await llmQueryRewrite({ model, headQueries: [], selectCandidates: () => ['galaxy s23'] }).augment(queries.slice(0, 1), context);
    expect(lastUserMessage(server?.requests[0].body ?? {})).toContain('<data name="candidates">\ngalaxy s23\n</data>');
  });
});
