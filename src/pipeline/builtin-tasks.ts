/**
 * The shard tasks every SampleForge process knows, so `sampleforge worker` on any machine can run
 * any shard a coordinator enqueues. A task takes plain JSON and returns plain JSON records.
 */
import { z } from 'zod';
import { createSequenceAugmenter } from '../augment/sequence/create-sequence-augmenter.js';
import { createTextAugmenter } from '../augment/text/create-text-augmenter.js';
import { sequenceAugmentStepSchema } from '../config/augment-sequence.js';
import { classicalTextAugmentStepSchema } from '../config/augment-text.js';
import { parseConfig } from '../config/load.js';
import { createRng } from '../internal/rng.js';
import type { Sequence } from '../types.js';
import { budgetedTextRecords } from './budgeted-text-records.js';
import { llmTextTask } from './llm-text-task.js';
import type { ShardTask, ShardTaskRegistry } from './shard-tasks.js';

const sequenceShardInputSchema = z.object({
  options: z.object({
    numItems: z.number().int().nonnegative(),
    steps: z.array(sequenceAugmentStepSchema).min(1),
  }),
  /** `outputs`: outputs wanted from this sequence (targeted generation, `align.budget`); absent = each step's count. */
  records: z.array(z.object({ userId: z.string(), items: z.array(z.string()), outputs: z.number().int().nonnegative().optional() })),
});

/**
 * `augment/sequence`: the configured per-sequence steps (crop, mask, reorder, prefix, sliding
 * window) over a shard of sequences. Steps that need the whole training set (substitute and insert
 * with co-occurrence) run in the coordinator instead, where that set is.
 */
const augmentSequenceTask: ShardTask = {
  name: 'augment/sequence',
  async run(input, seed, signal) {
    const { options, records } = parseConfig(sequenceShardInputSchema, input, 'shard input of augment/sequence');
    const rng = createRng(seed);
    const out: unknown[] = [];
    for (const [index, step] of options.steps.entries()) {
      const augmenter = createSequenceAugmenter(step, { numItems: options.numItems });
      const stepRng = rng.fork(index);
      const sequences: Sequence[] = records.map((record) => ({ userId: record.userId, items: record.items }));
      const budgeted = records.some((record) => record.outputs !== undefined);
      const outputsPerInput = budgeted ? records.map((record) => record.outputs ?? 0) : undefined;
      for (const sample of await augmenter.augment(sequences, { rng: stepRng, seed: stepRng.seed, signal, outputsPerInput })) out.push(sample);
    }
    return out;
  },
};

const textShardInputSchema = z.object({
  options: z.object({
    steps: z.array(classicalTextAugmentStepSchema).min(1),
    /**
     * Optional: the seed of each step, used instead of the shard rng forked by the step index. Every
     * classical text augmenter draws from `rng.fork(sample.id)`, so with given seeds the outputs do
     * not depend on how the texts are cut into shards (the intent augment stage relies on it).
     */
    seeds: z.array(z.number().int()).optional(),
  }).refine((options) => options.seeds === undefined || options.seeds.length === options.steps.length, 'seeds: one per step'),
  /** `outputs`: outputs wanted from this text (targeted generation, `align.budget`); absent = each step's count. */
  records: z.array(z.object({ id: z.string(), text: z.string(), label: z.string().optional(), language: z.string(), outputs: z.number().int().nonnegative().optional() })),
});

/** Inputs per `augment` call when streaming: small enough that a batch's outputs die young. */
const TEXT_BATCH = 32;

/**
 * `augment/text`: the configured text steps (EDA and its single edits, typos, Chinese character
 * noise) over a shard of labelled texts; step `i` draws from the shard rng forked by `i`. Records
 * with `outputs` (targeted generation) ask every step for that many outputs of the text. Lexicons
 * load once per process. LLM steps are `augment/llm-text` (llm-text-task.ts). Streaming calls each augmenter on a few inputs at a time, which
 * gives the same outputs: every classical text augmenter draws from `rng.fork(sample.id)` only.
 */
const streamAugmentText: NonNullable<ShardTask['stream']> = async (input, seed, emit, signal) => {
  const { options, records } = parseConfig(textShardInputSchema, input, 'shard input of augment/text');
  const { samples, outputsPerInput } = budgetedTextRecords(records);
  const rng = createRng(seed);
  for (const [index, step] of options.steps.entries()) {
    const augmenter = await createTextAugmenter(step);
    const stepRng = options.seeds === undefined ? rng.fork(index) : createRng(options.seeds[index]);
    const context = { rng: stepRng, seed: stepRng.seed, signal };
    for (let start = 0; start < samples.length; start += TEXT_BATCH) {
      const batch = samples.slice(start, start + TEXT_BATCH);
      emit(await augmenter.augment(batch, outputsPerInput === undefined ? context : { ...context, outputsPerInput: outputsPerInput.slice(start, start + TEXT_BATCH) }));
    }
  }
};

const augmentTextTask: ShardTask = {
  name: 'augment/text',
  stream: streamAugmentText,
  async run(input, seed, signal) {
    const out: unknown[] = [];
    await streamAugmentText(input, seed, (records) => {
      for (const record of records) out.push(record);
    }, signal);
    return out;
  },
};

/** The built-in shard tasks, by name. */
export const BUILTIN_SHARD_TASKS: ShardTaskRegistry = Object.freeze({
  [augmentSequenceTask.name]: augmentSequenceTask,
  [augmentTextTask.name]: augmentTextTask,
  [llmTextTask.name]: llmTextTask,
});
