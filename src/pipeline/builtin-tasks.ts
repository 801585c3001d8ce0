/**
 * The shard tasks every SampleForge process knows, so `sampleforge worker` on any machine can run
 * any shard a coordinator enqueues. A task takes plain JSON and returns plain JSON records.
 */
import { z } from 'zod';
import { createSequenceAugmenter } from '../augment/sequence/create-sequence-augmenter.js';
import { sequenceAugmentStepSchema } from '../config/augment-sequence.js';
import { parseConfig } from '../config/load.js';
import { createRng } from '../internal/rng.js';
import type { Sequence } from '../types.js';
import type { ShardTask, ShardTaskRegistry } from './shard-tasks.js';

const sequenceShardInputSchema = z.object({
  options: z.object({
    numItems: z.number().int().nonnegative(),
    steps: z.array(sequenceAugmentStepSchema).min(1),
  }),
  records: z.array(z.object({ userId: z.string(), items: z.array(z.string()) })),
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
      for (const sample of await augmenter.augment(records as Sequence[], { rng: stepRng, seed: stepRng.seed, signal })) out.push(sample);
    }
    return out;
  },
};

/** The built-in shard tasks, by name. */
export const BUILTIN_SHARD_TASKS: ShardTaskRegistry = Object.freeze({
  [augmentSequenceTask.name]: augmentSequenceTask,
});
