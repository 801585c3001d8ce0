import { describe, expect, it } from 'vitest';
import { createTextAugmenter } from '../augment/text/create-text-augmenter.js';
import { classicalTextAugmentStepSchema } from '../config/augment-text.js';
import { SampleForgeError } from '../errors.js';
import { createRng } from '../internal/rng.js';
import type { Augmented, TextSample } from '../types.js';
import { BUILTIN_SHARD_TASKS } from './builtin-tasks.js';
import { encodeJsonLines } from './encode-json-lines.js';
import { runShardTask } from './shard-tasks.js';
import { planShards } from './shards.js';

const texts: TextSample[] = [
  { id: 't1', text: 'I still have not received my new card', label: 'card_arrival', language: 'en' },
  { id: 't2', text: 'How do I top up my account with a cheque', label: 'top_up', language: 'en' },
  { id: 't3', text: 'Why was I charged an extra fee for this transfer', label: 'transfer_fee', language: 'en' },
];

describe('augment/text shard task', () => {
  const [shard] = planShards({ task: 'augment/text', records: texts, seed: 4, options: { steps: [{ augmenter: 'text/eda', outputsPerInput: 4 }, { augmenter: 'text/swap', outputsPerInput: 1 }] } });
  const task = BUILTIN_SHARD_TASKS['augment/text'];

  it('runs every step over the shard, with lineage, the same for the same seed', async () => {
    const first = (await task.run(shard.input, shard.seed)) as Augmented<TextSample>[];
    expect(first).toHaveLength(3 * 4 + 3);
    expect(first.slice(0, 4).map((sample) => sample.lineage.parentIds)).toEqual([['t1'], ['t1'], ['t1'], ['t1']]);
    expect(first.at(-1)?.lineage.augmenter).toBe('text/swap');
    expect(first.every((sample) => sample.sample.label === texts.find((text) => text.id === sample.lineage.parentIds[0])?.label)).toBe(true);
    expect(await task.run(shard.input, shard.seed)).toEqual(first);
    expect(await task.run(shard.input, shard.seed + 1)).not.toEqual(first);
  });

  it('streams in batches the same records, in the same order, as each augmenter over the whole shard at once', async () => {
    const many = Array.from({ length: 75 }, (_, index) => ({ ...texts[index % 3], id: `m${index}` }));
    const steps = [{ augmenter: 'text/eda', outputsPerInput: 3 }, { augmenter: 'text/typo' }, { augmenter: 'text/delete', outputsPerInput: 2 }];
    const [big] = planShards({ task: 'augment/text', records: many, seed: 9, options: { steps } });
    const batches: number[] = [];
    const streamed: unknown[] = [];
    await task.stream!(big.input, big.seed, (records) => {
      batches.push(records.length);
      streamed.push(...records);
    });
    expect(batches.length).toBeGreaterThan(steps.length);
    const rng = createRng(big.seed);
    const whole: unknown[] = [];
    for (const [index, step] of steps.entries()) {
      const stepRng = rng.fork(index);
      whole.push(...(await (await createTextAugmenter(classicalTextAugmentStepSchema.parse(step))).augment(many, { rng: stepRng, seed: stepRng.seed })));
    }
    expect(streamed).toEqual(whole);
    expect(await task.run(big.input, big.seed)).toEqual(whole);
    const encoded = await runShardTask(task, big.input, big.seed);
    expect(encoded.count).toBe(whole.length);
    expect(encoded.data.equals(encodeJsonLines(whole))).toBe(true);
  });

  it('takes the outputs per record (a budget) across stream batches; outputs carry no budget field', async () => {
    const many = Array.from({ length: 40 }, (_, index) => ({ ...texts[index % 3], id: `b${index}`, outputs: index % 4 }));
    const steps = [{ augmenter: 'text/eda', outputsPerInput: 2 }];
    const [budgeted] = planShards({ task: 'augment/text', records: many, seed: 9, options: { steps } });
    const out = (await task.run(budgeted.input, budgeted.seed)) as Augmented<TextSample>[];
    expect(out).toHaveLength(many.reduce((total, record) => total + record.outputs, 0));
    for (const record of many) expect(out.filter((sample) => sample.lineage.parentIds[0] === record.id)).toHaveLength(record.outputs);
    expect(out.every((sample) => Object.keys(sample.sample).join() === 'id,text,label,language')).toBe(true);
    const plain = many.map(({ outputs: _outputs, ...text }) => text);
    const stepRng = createRng(budgeted.seed).fork(0);
    const augmenter = await createTextAugmenter(classicalTextAugmentStepSchema.parse(steps[0]));
    expect(out).toEqual(await augmenter.augment(plain, { rng: stepRng, seed: stepRng.seed, outputsPerInput: many.map((record) => record.outputs) }));
  });

  it('refuses malformed input with the path of the problem', async () => {
    await expect(task.run({ options: { steps: [{ augmenter: 'text/eda', alpha: 2 }] }, records: texts }, 1)).rejects.toSatisfy((error: unknown) =>
      SampleForgeError.is(error, 'E_CONFIG') && /options\.steps\[0\]\.alpha/.test((error as Error).message));
  });
});
