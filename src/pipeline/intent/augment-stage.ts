/**
 * The intent `augment` stage: for every training size and seed, the seed's real subset of the
 * train split, each text augmentation step applied to it, and the configured quality filters
 * applied to each step's outputs. Every synthetic text, kept or dropped, goes to `samples.parquet`
 * with its lineage and filter verdicts; the training sets the `train` stage uses go to
 * `training-sets.jsonl`, so training reads exactly what was generated and filtered.
 *
 * Filters run per step, so an ablation variant ("only this step") trains on exactly the samples
 * that step contributed to the all-steps variant.
 *
 * LLM steps (`llm/...`) share one LLM stack per stage attempt (cache, budget, limits, privacy from
 * the `llm` section), built only when a step needs it and closed when the stage ends. Their own
 * rejects (copies of the source, invalid answers) go to `samples.parquet` with their reasons next to
 * the stage filters' verdicts; the run's LLM usage goes to the summary and `metrics.json` (`cost`).
 *
 * Every step runs as shards of each training set (step-shards.ts): classical steps through the
 * run's executor, LLM steps through it when the LLM state is shared through Redis (workers then
 * make the calls, with the shared cache, limits and budget), else in this process with this
 * stage's stack. Seeds depend only on the step seed and each text's id, so a distributed run makes
 * exactly the samples (and the calls) an in-process run makes.
 *
 * With `align.budget` (targeted generation), each step asks each real text of a training set for
 * the outputs `textBudget` gives it (more for thin labels) instead of its own count; the summary's
 * `budget` lists, per training set and step, each label's real, requested, produced and kept texts.
 */
import { join } from 'node:path';
import { isLlmTextStep } from '../../config/augment-text.js';
import type { IntentConfig } from '../../config/schema.js';
import { writeFileAtomic, writeJsonAtomic } from '../../internal/atomic-write.js';
import { SampleForgeError, type Warning } from '../../errors.js';
import type { ShiftReport } from '../../quality/shift/measure-shift.js';
import { SHIFT_FILE } from '../run-files.js';
import { alignTextSamples, textAlignmentEnabled } from './text-alignment.js';
import { deriveSeed } from '../../internal/rng.js';
import { trainTextClassifier, type TextClassifier } from '../../models/text/text-classifier.js';
import { exactDuplicateFilter } from '../../quality/filters/exact-duplicate.js';
import { labelConsistencyFilter } from '../../quality/filters/label-consistency.js';
import { nearDuplicateFilter } from '../../quality/filters/near-duplicate.js';
import { applyFilters, type SampleFilter } from '../../quality/filters/sample-filter.js';
import { similarityBoundsFilter } from '../../quality/filters/similarity-bounds.js';
import type { Augmented, TextSample } from '../../types.js';
import { BUILTIN_SHARD_TASKS } from '../builtin-tasks.js';
import { createLocalExecutor } from '../local-executor.js';
import { budgetStopError, openRunLlm, type RunInfo, type RunLlm } from '../run-llm.js';
import type { Stage } from '../run-stages.js';
import type { LlmRunSpec, ShardExecutor } from '../shard-tasks.js';
import { toSampleRows, writeSamples, type SampleRow } from '../write-samples.js';
import { pickTrainingSet, readSplitTexts, resolveSize } from './intent-data.js';
import { intentSteps, runLlmStepShards, runTextStepShards } from './step-shards.js';
import { countByLabel, textBudget, type StepBudget } from './text-budget.js';

/** One line per training set (`real` ids) and one per kept synthetic text, with its copies and sample weight in the aligned set. */
export const TRAINING_SETS_FILE = 'training-sets.jsonl';

/**
 * A line of `training-sets.jsonl`. `weight` is the synthetic text's importance weight in the
 * aligned set (1 without `align.importanceWeights`); lines written before it existed lack it and read as 1.
 */
export type TrainingSetLine =
  | { kind: 'real'; size: string; seed: number; ids: string[] }
  | { kind: 'synthetic'; size: string; seed: number; step: number; text: string; label: string; copies: number; weight?: number };

/** The filters the `filter` section turns on, in the order they run. */
export function configuredFilters(config: IntentConfig, teacher?: TextClassifier): SampleFilter<TextSample>[] {
  const section = config.filter;
  const filters: SampleFilter<TextSample>[] = [];
  if (section.exactDuplicate) filters.push(exactDuplicateFilter());
  if (section.nearDuplicate) filters.push(nearDuplicateFilter());
  if (section.minSimilarity > 0 || section.maxSimilarity < 1) filters.push(similarityBoundsFilter({ min: section.minSimilarity, max: section.maxSimilarity }));
  if (section.labelConsistency) filters.push(labelConsistencyFilter({ minConfidence: section.minConfidence, teacher }));
  return filters;
}

/** What an intent run's augment stage needs to know about the run besides the config. */
export interface IntentAugmentStageOptions {
  /** The run: scopes the LLM budget and holds its usage across attempts. Required for LLM steps. */
  run?: RunInfo;
  /**
   * Runs the steps' shards (the BullMQ executor of a run with `queue.redis`); in-process when
   * absent. LLM shards use it only when the run's LLM state is shared through Redis.
   */
  executor?: ShardExecutor;
}

/** The part of the `llm` section that decides LLM answers (not the cache, limits or budget). */
function llmDependency(config: IntentConfig): Record<string, unknown> {
  if (config.llm === undefined || !config.augment.steps.some(isLlmTextStep)) return {};
  return { llm: { provider: config.llm.provider, maxOutputTokens: config.llm.maxOutputTokens, privacy: config.llm.privacy } };
}

/** The stage. */
export function intentAugmentStage(config: IntentConfig, options: IntentAugmentStageOptions = {}): Stage {
  return {
    name: 'augment',
    dependsOn: { steps: config.augment.steps, filter: config.filter, align: config.align, sizes: config.sizes, seeds: config.seeds, classifier: config.filter.labelConsistency ? config.classifier : null, ...llmDependency(config) },
    async run(context) {
      const texts = await readSplitTexts(context.inputOf('split'));
      // Built on the first LLM step, once for the whole stage, and closed however the stage ends.
      let llm: RunLlm | undefined;
      const openLlm = async (): Promise<RunLlm> => {
        if (config.llm === undefined) throw new SampleForgeError('E_CONFIG', 'augment.steps: llm/... steps need the llm section', { details: { path: 'llm' } });
        if (options.run === undefined) throw new SampleForgeError('E_USAGE', 'intentAugmentStage: LLM steps need options.run (the run id and directory) for their budget');
        llm ??= await openRunLlm(config.llm, options.run, { redisUrl: config.queue.redis });
        return llm;
      };
      try {
        const localExecutor = createLocalExecutor(BUILTIN_SHARD_TASKS);
        const executor = options.executor ?? localExecutor;
        /** The run's LLM stack and what LLM shards carry about the run; opened on the first LLM step. */
        let llmRun: { stack: RunLlm; run: LlmRunSpec; executor: ShardExecutor } | undefined;
        const openLlmRun = async () => {
          if (llmRun !== undefined) return llmRun;
          const stack = await openLlm();
          const llmConfig = config.llm as NonNullable<IntentConfig['llm']>;
          const settings = { model: `${stack.model.provider}/${stack.model.modelId}`, maxOutputTokens: llmConfig.maxOutputTokens, privacy: llmConfig.privacy, budget: llmConfig.budget };
          llmRun = { stack, run: { runId: (options.run as RunInfo).runId, settings }, executor: stack.shared ? executor : localExecutor };
          return llmRun;
        };
        const lines: string[] = [];
        const warnings: Warning[] = [];
        const shiftBySize: Record<string, { seed: number; before: ShiftReport; after?: ShiftReport; applied: string[] }> = {};
        const rows: SampleRow[] = [];
        const perStep: Record<string, number> = {};
        const kept: Record<string, number> = {};
        const dropped: Record<string, number> = {};
        const budgets: StepBudget[] = [];
        const budget = config.align.budget;
        const total = config.sizes.length * config.seeds.length;
        let done = 0;
        const started = performance.now();
        /** A budget stop, in this process or on a worker (a failed shard naming E_BUDGET), as the run's resumable stop. */
        const asBudgetStop = (error: unknown, where: string): unknown => {
          if (options.run === undefined) return error;
          if (SampleForgeError.is(error, 'E_BUDGET')) return budgetStopError(error, where, options.run);
          const failed = SampleForgeError.is(error, 'E_QUEUE') ? Object.values((error.details.failed ?? {}) as Record<string, string>) : [];
          const reason = failed.find((entry) => entry.includes('E_BUDGET: '));
          if (reason !== undefined) {
            return budgetStopError(new SampleForgeError('E_BUDGET', `on a worker: ${reason.slice(reason.indexOf('E_BUDGET: ') + 'E_BUDGET: '.length)}`, { details: { failedShards: failed.length }, cause: error }), where, options.run);
          }
          return error;
        };
        for (const [sizeIndex, entry] of config.sizes.entries()) {
          const { size, name, maxOutputsPerInput, epochs } = resolveSize(entry);
          const augmenters = intentSteps(config.augment.steps, maxOutputsPerInput);
          if (budget.enabled && maxOutputsPerInput !== undefined && augmenters.length > 0) {
            warnings.push({
              code: 'W_BUDGET_SIZE_CAP',
              message: `sizes[${sizeIndex}].maxOutputsPerInput (${maxOutputsPerInput}) does not apply with align.budget enabled: the budget sets each text's outputs; cap them with align.budget.maxRatio`,
              details: { path: `sizes[${sizeIndex}].maxOutputsPerInput`, size: name },
            });
          }
          for (const seed of config.seeds) {
            const real = pickTrainingSet(texts.train, size, seed);
            lines.push(JSON.stringify({ kind: 'real', size: name, seed, ids: real.map((sample) => sample.id) } satisfies TrainingSetLine));
            const teacher = config.filter.labelConsistency && augmenters.length > 0 ? trainTextClassifier(real, { ...config.classifier, ...(epochs === undefined ? {} : { epochs }), seed }) : undefined;
            const filters = configuredFilters(config, teacher);
            const parents = new Map<string, TextSample>(real.map((sample) => [sample.id, sample]));
            const keptOfSet: { step: number; sample: TextSample }[] = [];
            for (const [index, augmenter] of augmenters.entries()) {
              const augmentSeed = deriveSeed(seed, 'augment', name, index);
              const allocation = budget.enabled ? textBudget(real, budget, deriveSeed(seed, 'budget', name, index)) : undefined;
              const shardOptions = { directory: join(context.output, 'shards', `size-${sizeIndex}`, `seed-${seed}`, `step-${index}`), shardSize: config.queue.shardSize, signal: context.signal };
              let produced: Augmented<TextSample>[];
              const rejected: Augmented<TextSample>[] = [];
              if (augmenter.kind === 'llm') {
                const where = `augment.steps[${index}] (${augmenter.name}), size ${name}, seed ${seed}`;
                const llm = await openLlmRun();
                const result = await runLlmStepShards(augmenter, real, augmentSeed, llm, { ...shardOptions, executor: llm.executor }, allocation?.outputsPerInput).catch((error: unknown) => {
                  throw asBudgetStop(error, where);
                });
                produced = result.kept;
                rejected.push(...result.dropped);
                for (const warning of result.warnings) warnings.push({ ...warning, details: { ...warning.details, size: name, trainSeed: seed, step: index } });
              } else {
                produced = await runTextStepShards(augmenter.step, real, augmentSeed, { ...shardOptions, executor }, allocation?.outputsPerInput);
              }
              const filtered = await applyFilters(produced, filters, { real, seed: augmentSeed });
              const outcome = { kept: filtered.kept, dropped: [...rejected, ...filtered.dropped] };
              const stepKey = `${index}:${augmenter.name}`;
              if (allocation !== undefined) {
                countByLabel(allocation.labels, [...produced, ...rejected], 'produced');
                countByLabel(allocation.labels, outcome.kept, 'kept');
                budgets.push({ size: name, seed, step: index, augmenter: augmenter.name, labels: allocation.labels });
              }
              perStep[stepKey] = (perStep[stepKey] ?? 0) + produced.length + rejected.length;
              kept[stepKey] = (kept[stepKey] ?? 0) + outcome.kept.length;
              for (const sample of outcome.dropped) {
                const verdict = sample.lineage.verdicts.find((entry) => !entry.kept);
                const reason = verdict?.filter ?? 'unknown';
                dropped[reason] = (dropped[reason] ?? 0) + 1;
              }
              for (const sample of outcome.kept) keptOfSet.push({ step: index, sample: sample.sample });
              const all: Augmented<TextSample>[] = [...outcome.kept, ...outcome.dropped].map((sample) => ({
                ...sample,
                id: `${name}/s${seed}/${sample.id}`,
                lineage: { ...sample.lineage, params: { ...sample.lineage.params, size: name, trainSeed: seed, step: index } },
              }));
              for (const row of toSampleRows('text', all, (text) => text.text, parents, (text) => text.label)) rows.push(row);
            }
            if (keptOfSet.length > 0) {
              const alignment = alignTextSamples(real, keptOfSet.map((entry) => entry.sample), config.align, deriveSeed(seed, 'align', name));
              warnings.push(...alignment.warnings);
              if (!(name in shiftBySize)) shiftBySize[name] = { seed, before: alignment.before, after: alignment.after, applied: alignment.applied };
              keptOfSet.forEach((entry, position) => {
                const line: TrainingSetLine = { kind: 'synthetic', size: name, seed, step: entry.step, text: entry.sample.text, label: entry.sample.label ?? '', copies: alignment.copies[position], weight: alignment.weights[position] };
                lines.push(JSON.stringify(line));
              });
            }
            done++;
            context.progress(done, total, 'training sets augmented, filtered and aligned');
          }
        }
        const seconds = (performance.now() - started) / 1000;
        const firstShift = Object.values(shiftBySize)[0];
        if (firstShift !== undefined) {
          await writeJsonAtomic(join(context.output, SHIFT_FILE), { before: firstShift.before, after: firstShift.after, applied: firstShift.applied, bySize: shiftBySize });
        }
        await writeSamples(join(context.output, 'samples.parquet'), rows);
        await writeFileAtomic(join(context.output, TRAINING_SETS_FILE), lines.join('\n') + (lines.length > 0 ? '\n' : ''));
        const usage = llm === undefined ? undefined : await llm.readTotals();
        return {
          summary: {
            ...(usage === undefined ? {} : { llm: { requests: usage.requests, cacheHits: usage.cacheHits, tokensIn: usage.tokensIn, tokensOut: usage.tokensOut, costUsd: usage.costUsd, failedAttempts: usage.failedAttempts } }),
            trainTexts: texts.train.length,
            testTexts: texts.test.length,
            samples: rows.length,
            perStep,
            kept,
            dropped,
            samplesPerSecond: seconds > 0 ? Math.round(rows.length / seconds) : null,
            aligned: textAlignmentEnabled(config.align),
            ...(budget.enabled ? { budget: budgets } : {}),
          },
          warnings,
        };
      } finally {
        await llm?.close();
      }
    },
  };
}
