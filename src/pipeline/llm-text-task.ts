/**
 * `augment/llm-text`: one LLM text step (paraphrase, back-translation, intent utterances) over a
 * shard of labelled texts, with the model the running process offers for the job's run (the
 * coordinator's own LLM stack, or the one a worker built from `--llm-config`). Job data holds no
 * secret: only the step, the seed, the run id and the texts.
 *
 * Outputs are tagged records, so the coordinator gets back everything the in-process augmenter
 * returns: `{ kind: 'kept', sample }`, `{ kind: 'dropped', sample }` (the augmenter's own rejects,
 * with their verdicts) and `{ kind: 'warning', warning }`.
 *
 * Randomness: the request seed of every text is derived from `options.seed` (the step's seed for
 * the training set) and the text's id, so the outputs do not depend on how the set is cut into
 * shards, and a distributed run sends exactly the requests a local run sends. The shard seed is
 * therefore not used. Records with `outputs` (targeted generation) set the step's outputs per text
 * (`AugmentContext.outputsPerInput`).
 */
import { z } from 'zod';
import { createLlmTextAugmenter } from '../augment/llm/create-llm-text-augmenter.js';
import type { LlmAugmentOutcome } from '../augment/llm/llm-task.js';
import { llmTextAugmentStepSchema } from '../config/augment-text.js';
import { llmConfigSchema } from '../config/llm.js';
import { parseConfig } from '../config/load.js';
import { SampleForgeError, type Warning } from '../errors.js';
import { createRng } from '../internal/rng.js';
import type { Augmented, TextSample } from '../types.js';
import { budgetedTextRecords } from './budgeted-text-records.js';
import type { ShardTask } from './shard-tasks.js';

export const LLM_TEXT_TASK = 'augment/llm-text';

const llmTextShardInputSchema = z.object({
  options: z.object({
    step: llmTextAugmentStepSchema,
    /** A size's cap on the step's outputs per input. */
    outputsPerInput: z.number().int().positive().optional(),
    /** The step's seed for this training set. */
    seed: z.number().int(),
    /** Scopes the budget (shared through Redis by every process of the run); see `LlmRunSpec`. */
    run: z.object({
      runId: z.string().min(1),
      settings: z.object({
        model: z.string().min(1),
        maxOutputTokens: llmConfigSchema.shape.maxOutputTokens,
        privacy: llmConfigSchema.shape.privacy,
        budget: llmConfigSchema.shape.budget,
      }).optional(),
    }),
  }),
  /** `outputs`: outputs wanted from this text (targeted generation, `align.budget`); absent = the step's count. */
  records: z.array(z.object({ id: z.string(), text: z.string(), label: z.string().optional(), language: z.string(), outputs: z.number().int().nonnegative().optional() })),
});

/** The options an `augment/llm-text` shard takes (its records are the texts). */
export type LlmTextShardOptions = z.input<typeof llmTextShardInputSchema>['options'];

/** A line of an `augment/llm-text` shard's output. */
export type LlmTextShardRecord =
  | { kind: 'kept' | 'dropped'; sample: Augmented<TextSample> }
  | { kind: 'warning'; warning: Warning };

/** Puts shard outputs (in shard order) back together as the augmenter's outcome on the whole set. */
export function readLlmTextOutcome(records: readonly unknown[]): LlmAugmentOutcome<TextSample> {
  const outcome: LlmAugmentOutcome<TextSample> = { kept: [], dropped: [], warnings: [] };
  for (const record of records as LlmTextShardRecord[]) {
    if (record.kind === 'warning') outcome.warnings.push(record.warning);
    else outcome[record.kind].push(record.sample);
  }
  return outcome;
}

export const llmTextTask: ShardTask = {
  name: LLM_TEXT_TASK,
  async run(input, _seed, signal, context) {
    const { options, records } = parseConfig(llmTextShardInputSchema, input, `shard input of ${LLM_TEXT_TASK}`);
    if (context?.llm === undefined) {
      throw new SampleForgeError('E_USAGE', `${LLM_TEXT_TASK}: this process has no LLM stack to run ${options.step.augmenter} with`);
    }
    const model = await context.llm(options.run);
    const augmenter = createLlmTextAugmenter(options.step, model, { outputsPerInput: options.outputsPerInput });
    const { samples, outputsPerInput } = budgetedTextRecords(records);
    const outcome = await augmenter.augmentWithRejects(samples, { rng: createRng(options.seed), seed: options.seed, signal, ...(outputsPerInput === undefined ? {} : { outputsPerInput }) });
    return [
      ...outcome.kept.map((sample): LlmTextShardRecord => ({ kind: 'kept', sample })),
      ...outcome.dropped.map((sample): LlmTextShardRecord => ({ kind: 'dropped', sample })),
      ...outcome.warnings.map((warning): LlmTextShardRecord => ({ kind: 'warning', warning })),
    ];
  },
};
