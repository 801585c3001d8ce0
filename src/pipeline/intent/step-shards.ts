/**
 * The intent augment stage's steps as shards: each step runs over a training set as `augment/text`
 * (classical steps) or `augment/llm-text` (LLM steps) shards, through the run's executor or in this
 * process. Both tasks take the step's seed for the set from their options and every augmenter
 * derives each text's randomness from it and the text's id, so the samples are the same however
 * the set is cut and whichever process runs a shard: an in-process run and a distributed one give
 * the same samples, and the same as calling the augmenters on the whole set.
 */
import type { LlmAugmentOutcome } from '../../augment/llm/llm-task.js';
import { isLlmTextStep, outputsPerInputOf, type ClassicalTextAugmentStep, type LlmTextAugmentStep, type TextAugmentStep } from '../../config/augment-text.js';
import type { Augmented, TextSample } from '../../types.js';
import { LLM_TEXT_TASK, readLlmTextOutcome, type LlmTextShardOptions } from '../llm-text-task.js';
import type { RunLlm } from '../run-llm.js';
import { createShardStore } from '../shard-store.js';
import type { LlmRunSpec, ShardExecutor } from '../shard-tasks.js';
import { planShards } from '../shards.js';

/** A configured step with a size's cap applied. */
export type IntentStep =
  | { kind: 'text'; name: string; step: ClassicalTextAugmentStep }
  | { kind: 'llm'; name: string; step: LlmTextAugmentStep; outputsPerInput?: number };

/** The configured steps, with `outputsPerInput` capped at a size's `maxOutputsPerInput` (`cap`). */
export function intentSteps(steps: readonly TextAugmentStep[], cap: number | undefined): IntentStep[] {
  return steps.map((step) => {
    const perInput = outputsPerInputOf(step);
    const outputs = perInput === undefined ? undefined : Math.min(perInput, cap ?? Number.POSITIVE_INFINITY);
    if (isLlmTextStep(step)) return { kind: 'llm', name: step.augmenter, step, ...(outputs === undefined ? {} : { outputsPerInput: outputs }) };
    return { kind: 'text', name: step.augmenter, step: { ...step, outputsPerInput: outputs ?? step.outputsPerInput } };
  });
}

/** Where and how a step's shards run. */
export interface StepShardsOptions {
  executor: ShardExecutor;
  /** Folder of the step's shard outputs (one per training set and step). */
  directory: string;
  shardSize: number;
  signal?: AbortSignal;
}

/** The texts as shard records, each with the outputs wanted from it when a budget gives them. */
function shardRecords(real: readonly TextSample[], outputsPerInput: readonly number[] | undefined): readonly (TextSample & { outputs?: number })[] {
  return outputsPerInput === undefined ? real : real.map((sample, index) => ({ ...sample, outputs: outputsPerInput[index] }));
}

/**
 * A classical step over a training set: its outputs, in the order the augmenter makes them.
 * `outputsPerInput` (targeted generation, aligned with `real`) replaces the step's count per text.
 */
export async function runTextStepShards(step: ClassicalTextAugmentStep, real: readonly TextSample[], seed: number, options: StepShardsOptions, outputsPerInput?: readonly number[]): Promise<Augmented<TextSample>[]> {
  const shards = planShards({ task: 'augment/text', records: shardRecords(real, outputsPerInput), shardSize: options.shardSize, seed, options: { steps: [step], seeds: [seed] } });
  const store = createShardStore(options.directory);
  await options.executor.execute(shards, store, { signal: options.signal });
  return (await store.merge(shards)).records as Augmented<TextSample>[];
}

/**
 * An LLM step over a training set: kept and dropped outputs and warnings, as the augmenter's
 * `augmentWithRejects` on the whole set gives them. Intent utterances group the set by intent, so
 * they take it in one shard. Shards run in this process get `llm`'s model. `outputsPerInput`
 * (targeted generation, aligned with `real`) replaces the step's count per text (per intent: the
 * sum over its texts).
 */
export async function runLlmStepShards(
  step: Extract<IntentStep, { kind: 'llm' }>,
  real: readonly TextSample[],
  seed: number,
  llm: { stack: RunLlm; run: LlmRunSpec },
  options: StepShardsOptions,
  outputsPerInput?: readonly number[],
): Promise<LlmAugmentOutcome<TextSample>> {
  const stepOptions: LlmTextShardOptions = { step: step.step, seed, run: llm.run, ...(step.outputsPerInput === undefined ? {} : { outputsPerInput: step.outputsPerInput }) };
  const shardSize = step.step.augmenter === 'llm/intent-utterances' ? Math.max(1, real.length) : options.shardSize;
  const shards = planShards({ task: LLM_TEXT_TASK, records: shardRecords(real, outputsPerInput), shardSize, seed, options: stepOptions });
  const store = createShardStore(options.directory);
  await options.executor.execute(shards, store, { signal: options.signal, context: { llm: async () => llm.stack.model } });
  return readLlmTextOutcome((await store.merge(shards)).records);
}
