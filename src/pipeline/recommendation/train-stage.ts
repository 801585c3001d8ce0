/**
 * The recommendation `train` stage: every variant (baseline, augmented, one per step) trained with
 * the same seeds and budget, evaluated on the same leave-one-out split with full ranking, and set
 * against the baseline with a paired test over seeds.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecommendationConfig } from '../../config/schema.js';
import { SampleForgeError, type Warning } from '../../errors.js';
import { compareVariants } from '../../eval/stats/compare-variants.js';
import { summarize } from '../../eval/stats/summarize.js';
import { writeJsonAtomic } from '../../internal/atomic-write.js';
import { createLlmFromConfig, type LlmStack } from '../../llm/create-llm-from-config.js';
import { itemsWithAttributes } from '../../models/sasrec/item-attributes.js';
import type { Comparison, VariantResult } from '../../types.js';
import type { Stage } from '../run-stages.js';
import { ITEM_FEATURES_FILE, VARIANTS_FILE } from '../run-files.js';
import { planVariants, withAlignedVariant, type PlannedVariant, type Variant } from '../variants.js';
import { SEQUENCE_SAMPLES_FILE } from './augment-stage.js';
import { readSplitItemFeatures, type ItemFeaturesRecord, type SplitItemFeatures } from './item-features.js';
import { readSplitItemAttributes, readSplitSequences, toDenseSequence } from './sequence-data.js';
import type { SeedOutcome, TrainJob } from './train-seed.js';
import { trainCheckpoints } from './train-checkpoints.js';
import { runTrainJobs } from './train-pool.js';
import { sequenceAlignmentEnabled } from './sequence-alignment.js';

/** The augment stage's sequences; `copies` (in the aligned set) is present when alignment ran, `weight` with importance weights. */
async function readSamples(folder: string): Promise<{ step: number; items: string[]; copies?: number; weight?: number }[]> {
  const text = await readFile(join(folder, SEQUENCE_SAMPLES_FILE), 'utf8');
  return text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as { step: number; items: string[]; copies?: number; weight?: number });
}

/**
 * The planned variants, with `aligned` after `augmented` when alignment is on and some step makes
 * offline samples: the same steps, trained on the aligned multiset of those samples.
 */
function variantsOf(config: RecommendationConfig): PlannedVariant[] {
  const planned = planVariants(config.augment.steps, config.augment.ablation);
  const offline = config.augment.steps.some((step) => step.mode === 'samples');
  return sequenceAlignmentEnabled(config.align) && offline ? withAlignedVariant(planned) : planned;
}

function summarizeSeeds(outcomes: readonly SeedOutcome[], seeds: readonly number[], variant: Variant, config: RecommendationConfig, extraCount: number, trainCount: number): VariantResult {
  const metrics: VariantResult['metrics'] = {};
  for (const split of ['valid', 'test'] as const) {
    metrics[split] = {};
    for (const metric of Object.keys(outcomes[0][split].metrics)) metrics[split][metric] = summarize(outcomes.map((outcome) => outcome[split].metrics[metric]));
  }
  const slices: NonNullable<VariantResult['slices']> = {};
  for (const slice of Object.keys(outcomes[0].test.slices)) {
    slices[slice] = {};
    for (const metric of Object.keys(outcomes[0].test.slices[slice].metrics)) slices[slice][metric] = summarize(outcomes.map((outcome) => outcome.test.slices[slice].metrics[metric]));
  }
  return {
    name: variant.name,
    augmenters: variant.steps.map((index) => `sequence/${config.augment.steps[index].augmenter}`),
    seeds: [...seeds],
    metrics,
    slices,
    curves: outcomes.flatMap((outcome, index) => outcome.curve.map((point) => ({ seed: seeds[index], ...point }))),
    trainSamples: trainCount + extraCount,
    syntheticSamples: extraCount,
    trainSeconds: outcomes.reduce((total, outcome) => total + outcome.seconds, 0),
  };
}

/** `train.itemFeatures` from the split, with an LLM stack for the embedding block when it is configured. */
async function itemFeaturesOf(config: RecommendationConfig, splitFolder: string, itemIds: readonly string[], signal?: AbortSignal): Promise<SplitItemFeatures | undefined> {
  const itemFeatures = config.train.itemFeatures;
  if (itemFeatures === undefined) return undefined;
  const needsEmbeddings = itemFeatures.blocks.some((block) => block.block === 'embedding');
  let llm: LlmStack | undefined;
  try {
    if (needsEmbeddings && config.llm !== undefined) llm = createLlmFromConfig(config.llm, { redisUrl: config.queue.redis, budgetScope: `${config.name}/item-features` });
    return await readSplitItemFeatures(splitFolder, itemIds, itemFeatures, { embeddingModel: llm?.gateway.embeddingModel, signal });
  } finally {
    await llm?.dispose();
  }
}

/**
 * Jobs are ordered seed-major (every variant of seed 1, then of seed 2, ...), so a run stopped
 * part-way has whole seeds of every variant to compare, and `--resume` finishes the rest. This
 * picks one variant's outcomes in seed order.
 */
function outcomesOfVariant(outcomes: readonly SeedOutcome[], variant: number, variants: number, seeds: number): SeedOutcome[] {
  return Array.from({ length: seeds }, (_, seed) => outcomes[seed * variants + variant]);
}

/** Mean learned block weights per variant over its seeds; undefined without learned fusion. */
function learnedWeights(outcomes: readonly SeedOutcome[], variants: readonly Variant[], seeds: number): ItemFeaturesRecord['learnedWeights'] {
  if (outcomes.every((outcome) => outcome.featureWeights === undefined)) return undefined;
  const out: NonNullable<ItemFeaturesRecord['learnedWeights']> = {};
  variants.forEach((variant, index) => {
    const slice = outcomesOfVariant(outcomes, index, variants.length, seeds);
    const sums: Record<string, number> = {};
    for (const outcome of slice) for (const entry of outcome.featureWeights ?? []) sums[entry.name] = (sums[entry.name] ?? 0) + entry.weight / slice.length;
    out[variant.name] = sums;
  });
  return out;
}

/** The stage. Results go to `variants.json`: `{ variants: VariantResult[], comparisons: Comparison[] }`. */
export function recommendationTrainStage(config: RecommendationConfig): Stage {
  const embeddings = config.train.itemFeatures?.blocks.some((block) => block.block === 'embedding') === true;
  return {
    name: 'train',
    dependsOn: { train: config.train, evaluate: config.evaluate, augment: config.augment, aligned: sequenceAlignmentEnabled(config.align), ...(embeddings ? { llm: config.llm } : {}) },
    async run(context) {
      const dataset = await readSplitSequences(context.inputOf('split'));
      const data = dataset.data;
      const itemAttributes = config.train.itemAttributes ? await readSplitItemAttributes(context.inputOf('split'), dataset.itemIds) : undefined;
      const itemFeatures = await itemFeaturesOf(config, context.inputOf('split'), dataset.itemIds, context.signal);
      const warnings: Warning[] = itemFeatures?.warnings ?? [];
      const index = new Map(dataset.itemIds.map((id, dense) => [id, dense]));
      const samples = (await readSamples(context.inputOf('augment'))).map((sample) => ({
        step: sample.step,
        copies: sample.copies ?? 1,
        weight: sample.weight,
        // Ids outside the catalog (a mask token) map to padding and are dropped: SASRec has no mask row yet.
        items: toDenseSequence(sample.items, index, 0).filter((item) => item > 0),
      }));
      const variants = variantsOf(config);
      const results: VariantResult[] = [];
      let done = 0;
      // The aligned variant trains on the aligned multiset, weighted when the augment stage wrote weights.
      const weighted = samples.some((sample) => sample.weight !== undefined);
      const extras = variants.map((variant) => {
        const extra: Int32Array[] = [];
        const weights: number[] = [];
        for (const sample of samples) {
          if (!variant.steps.includes(sample.step) || sample.items.length === 0) continue;
          const copies = variant.aligned === true ? sample.copies : 1;
          for (let copy = 0; copy < copies; copy++) {
            extra.push(sample.items);
            weights.push(sample.weight ?? 1);
          }
        }
        return { extra, weights: variant.aligned === true && weighted ? Float64Array.from(weights) : undefined };
      });
      if (weighted && config.train.model !== 'sasrec') {
        throw new SampleForgeError('E_CONFIG', `align.importanceWeights: train.model ${config.train.model} takes no sample weights; use train.model: sasrec, or align.resample / align.ratioCaps`, {
          details: { field: 'align.importanceWeights.enabled', model: config.train.model },
        });
      }
      // When alignment changed nothing (every copy count 1, no weights: e.g. the only flagged shift was
      // one the augmenters make by design), the aligned variant would retrain the augmented one exactly;
      // its results are the augmented variant's instead.
      const alignedIndex = variants.findIndex((variant) => variant.aligned === true);
      const alignedUnchanged =
        alignedIndex > 0 && extras[alignedIndex].weights === undefined && samples.every((sample) => !variants[alignedIndex].steps.includes(sample.step) || sample.copies === 1);
      const trained = variants.map((_, index) => !(alignedUnchanged && index === alignedIndex));
      const total = trained.filter(Boolean).length * config.train.seeds.length;
      const jobs: TrainJob[] = config.train.seeds.flatMap((seed) =>
        variants.flatMap((variant, index) => (trained[index] ? [{
          config,
          data,
          variant,
          extra: extras[index].extra,
          ...(extras[index].weights === undefined ? {} : { extraWeights: extras[index].weights }),
          seed,
          ...(itemAttributes === undefined ? {} : { itemAttributes }),
          ...(itemFeatures === undefined ? {} : { itemFeatures: itemFeatures.features }),
        }] : [])),
      );
      // Each SASRec training keeps epoch checkpoints next to the finished-job files, so --resume
      // continues an interrupted training where it stopped (the folder goes when the stage commits).
      jobs.forEach((job, index) => {
        job.epochCheckpoints = join(context.checkpoints, `job-${index}-epochs`);
      });
      // Jobs run `train.threads` at a time, each in a worker thread; the outcome does not depend on it.
      const trainedOutcomes = await runTrainJobs(jobs, config.train.threads, {
        signal: context.signal,
        onDone: () => context.progress(++done, total, 'models trained'),
        checkpoints: trainCheckpoints(context.checkpoints, jobs),
      });
      // Back to seed-major x variant order, the aligned variant sharing the augmented one's outcomes when unchanged.
      const outcomes: SeedOutcome[] = [];
      let cursor = 0;
      for (let seed = 0; seed < config.train.seeds.length; seed++) {
        variants.forEach((_, index) => {
          if (trained[index]) outcomes.push(trainedOutcomes[cursor++]);
          else outcomes.push(outcomes[seed * variants.length + 1]);
        });
      }
      const seeds = config.train.seeds.length;
      variants.forEach((variant, index) => {
        const slice = outcomesOfVariant(outcomes, index, variants.length, seeds);
        results.push(summarizeSeeds(slice, config.train.seeds, variant, config, extras[index].extra.length, data.train.filter((items) => items.length > 0).length));
      });
      const comparisons: Comparison[] = results.slice(1).flatMap((variant) => compareVariants(results[0], variant, { splits: ['test'] }));
      // What alignment itself changed, paired by seed.
      if (alignedIndex > 0) comparisons.push(...compareVariants(results[1], results[alignedIndex], { splits: ['test'] }));
      await writeJsonAtomic(join(context.output, VARIANTS_FILE), { variants: results, comparisons });
      let featuresRecord: ItemFeaturesRecord | undefined;
      if (itemFeatures !== undefined) {
        const weights = config.train.itemFeatures?.fusion === 'learned' ? learnedWeights(outcomes, variants, seeds) : undefined;
        featuresRecord = { ...itemFeatures.record, ...(weights === undefined ? {} : { learnedWeights: weights }) };
        await writeJsonAtomic(join(context.output, ITEM_FEATURES_FILE), featuresRecord);
      }
      const primary = 'ndcg@10';
      return {
        warnings,
        summary: {
          model: config.train.model,
          seeds: config.train.seeds,
          variants: Object.fromEntries(results.map((variant) => [variant.name, variant.metrics.test?.[primary]?.mean ?? null])),
          ...(alignedUnchanged ? { alignedReused: 'alignment changed no training sequence, so aligned = augmented (not retrained)' } : {}),
          ...(itemAttributes === undefined ? {} : { itemAttributes: { attributes: itemAttributes.numAttributes, itemsWithAttributes: itemsWithAttributes(itemAttributes), items: data.numItems } }),
          ...(featuresRecord === undefined ? {} : { itemFeatures: featuresRecord }),
        },
      };
    },
  };
}
