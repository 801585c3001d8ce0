/**
 * The recommendation `augment` stage: offline sequence samples (steps with `mode: samples`, and
 * prefix or sliding-window expansion) made from the training sequences only, sharded so the local
 * and the distributed runner give the same samples. Contrastive steps make their views inside
 * training and add no offline samples.
 */
import { join } from 'node:path';
import { createSequenceAugmenter } from '../../augment/sequence/create-sequence-augmenter.js';
import type { SequenceAugmentStep } from '../../config/augment-sequence.js';
import type { RecommendationConfig } from '../../config/schema.js';
import { createRng } from '../../internal/rng.js';
import type { Augmented, Sequence } from '../../types.js';
import { createLocalExecutor } from '../local-executor.js';
import { BUILTIN_SHARD_TASKS } from '../builtin-tasks.js';
import { createShardStore } from '../shard-store.js';
import type { ShardExecutor } from '../shard-tasks.js';
import { planShards } from '../shards.js';
import type { Stage } from '../run-stages.js';
import { toSampleRows, writeSamples } from '../write-samples.js';
import { SHIFT_FILE } from '../run-files.js';
import { readSplitSequences, trainingSequences } from './sequence-data.js';
import { alignSequenceSamples, designedShifts } from './sequence-alignment.js';
import { sequenceBudget, type SequenceBudget, type SequenceBudgetSlice } from './sequence-budget.js';
import { writeFileAtomic, writeJsonAtomic } from '../../internal/atomic-write.js';

/** Expansions cut a sequence into its prefixes or windows: a fixed set, so no budget applies to them. */
function isExpansion(step: SequenceAugmentStep): boolean {
  return step.augmenter === 'prefix' || step.augmenter === 'sliding-window';
}

/** Steps that need the whole training set (correlated items) and so run in this process, not in shards. */
function needsWholeTrainingSet(step: SequenceAugmentStep): boolean {
  return step.augmenter === 'substitute' || step.augmenter === 'insert' || step.augmenter === 'random';
}

export const SEQUENCE_SAMPLES_FILE = 'sequence-samples.jsonl';

/** Each slice's budget next to what the step produced from it (a step may yield less, e.g. below `skipShorterThan`). */
function budgetOutcome(budget: SequenceBudget, sequences: readonly Sequence[], produced: readonly Augmented<Sequence>[]): Record<string, SequenceBudgetSlice & { produced: number }> {
  const sliceOf = new Map(sequences.map((sequence, index) => [sequence.userId, budget.sliceOf[index]]));
  const out = Object.fromEntries(Object.entries(budget.slices).map(([value, slice]) => [value, { ...slice, produced: 0 }]));
  for (const sample of produced) {
    const value = sliceOf.get(sample.lineage.parentIds[0] ?? '');
    if (value !== undefined && out[value] !== undefined) out[value].produced++;
  }
  return out;
}

/** The stage; `executor` runs the sharded steps (in-process by default, or BullMQ workers). */
export function recommendationAugmentStage(config: RecommendationConfig, executor: ShardExecutor = createLocalExecutor(BUILTIN_SHARD_TASKS)): Stage {
  return {
    name: 'augment',
    dependsOn: { steps: config.augment.steps, seed: config.seed, shardSize: config.queue.shardSize, align: config.align },
    async run(context) {
      const dataset = await readSplitSequences(context.inputOf('split'));
      const sequences = trainingSequences(dataset);
      const parents = new Map(sequences.map((sequence) => [sequence.userId, sequence]));
      const samples: Augmented<Sequence>[] = [];
      const perStep: Record<string, number> = {};
      // Targeted generation: outputs per training sequence, more where a slice has the least real data.
      const budget = config.align.budget.enabled ? sequenceBudget(sequences, config.align.budget, createRng(config.seed).fork('budget').seed) : undefined;
      const budgetPerStep: Record<string, Record<string, SequenceBudgetSlice & { produced: number }> | 'not applied: expansions yield a fixed set'> = {};
      const started = performance.now();
      for (const [index, step] of config.augment.steps.entries()) {
        if (step.mode !== 'samples') continue;
        const label = `${index}:${step.augmenter}`;
        const outputsPerInput = budget !== undefined && !isExpansion(step) ? budget.outputsPerInput : undefined;
        let produced: Augmented<Sequence>[];
        if (needsWholeTrainingSet(step)) {
          const augmenter = createSequenceAugmenter(step, { numItems: dataset.data.numItems, trainSequences: dataset.data.train, itemIds: dataset.itemIds });
          const rng = createRng(config.seed).fork(label);
          produced = await augmenter.augment(sequences, { rng, seed: rng.seed, signal: context.signal, outputsPerInput });
        } else {
          const records = outputsPerInput === undefined ? sequences : sequences.map((sequence, position) => ({ ...sequence, outputs: outputsPerInput[position] }));
          const shards = planShards({ task: 'augment/sequence', records, shardSize: config.queue.shardSize, seed: createRng(config.seed).fork(label).seed, options: { numItems: dataset.data.numItems, steps: [step] } });
          const store = createShardStore(join(context.output, 'shards', String(index)));
          await executor.execute(shards, store, {
            signal: context.signal,
            onProgress: (progress) => context.progress(progress.done, progress.total, `shards of ${step.augmenter}`),
          });
          produced = (await store.merge(shards)).records as Augmented<Sequence>[];
        }
        for (const sample of produced) sample.lineage.params = { ...sample.lineage.params, step: index };
        perStep[label] = produced.length;
        if (budget !== undefined) budgetPerStep[label] = outputsPerInput === undefined ? 'not applied: expansions yield a fixed set' : budgetOutcome(budget, sequences, produced);
        // A spread of hundreds of thousands of arguments overflows the call stack.
        for (const sample of produced) samples.push(sample);
      }
      const seconds = (performance.now() - started) / 1000;
      const rows = toSampleRows('sequence', samples, (sequence) => sequence.items.join(' '), parents);
      await writeSamples(join(context.output, 'samples.parquet'), rows);
      // Shift of the synthetic sequences, and with `align` corrections on, each one's copies (and weight) in the aligned set.
      const designed = designedShifts(config.augment.steps.filter((step) => step.mode === 'samples').map((step) => step.augmenter));
      const alignment = samples.length > 0 ? alignSequenceSamples(sequences, samples.map((sample) => sample.sample), config.align, createRng(config.seed).fork('align').seed, designed) : undefined;
      const lines = samples.map((sample, index) =>
        JSON.stringify({
          id: sample.id,
          step: sample.lineage.params.step,
          items: sample.sample.items,
          ...(alignment?.after === undefined ? {} : { copies: alignment.copies[index] }),
          ...(alignment?.weights === undefined ? {} : { weight: alignment.weights[index] }),
        }),
      );
      await writeFileAtomic(join(context.output, SEQUENCE_SAMPLES_FILE), lines.join('\n') + (lines.length ? '\n' : ''));
      if (alignment !== undefined) {
        await writeJsonAtomic(join(context.output, SHIFT_FILE), { before: alignment.before, ...(alignment.after === undefined ? {} : { after: alignment.after, applied: alignment.applied }) });
      }
      const alignedSamples = alignment?.after === undefined ? undefined : alignment.copies.reduce((total, copies) => total + copies, 0);
      return {
        warnings: alignment?.warnings ?? [],
        summary: {
          trainingSequences: sequences.length,
          samples: samples.length,
          perStep,
          samplesPerSecond: seconds > 0 ? Math.round(samples.length / seconds) : null,
          ...(budget === undefined ? {} : { budget: { sliceField: budget.field, perStep: budgetPerStep } }),
          ...(alignedSamples === undefined ? {} : { aligned: { samples: alignedSamples, applied: alignment?.applied } }),
        },
      };
    },
  };
}
