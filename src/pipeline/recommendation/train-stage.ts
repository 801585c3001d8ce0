/**
 * The recommendation `train` stage: every variant (baseline, augmented, one per step) trained with
 * the same seeds and budget, evaluated on the same leave-one-out split with full ranking, and set
 * against the baseline with a paired test over seeds.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecommendationConfig } from '../../config/schema.js';
import { compareVariants } from '../../eval/stats/compare-variants.js';
import { summarize } from '../../eval/stats/summarize.js';
import { writeJsonAtomic } from '../../internal/atomic-write.js';
import type { Comparison, VariantResult } from '../../types.js';
import type { Stage } from '../run-stages.js';
import { VARIANTS_FILE } from '../run-files.js';
import { planVariants, type Variant } from '../variants.js';
import { SEQUENCE_SAMPLES_FILE } from './augment-stage.js';
import { itemsWithAttributes } from '../../models/sasrec/item-attributes.js';
import { readSplitItemAttributes, readSplitSequences, toDenseSequence } from './sequence-data.js';
import type { SeedOutcome, TrainJob } from './train-seed.js';
import { runTrainJobs } from './train-pool.js';

async function readSamples(folder: string): Promise<{ step: number; items: string[] }[]> {
  const text = await readFile(join(folder, SEQUENCE_SAMPLES_FILE), 'utf8');
  return text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as { step: number; items: string[] });
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

/** The stage. Results go to `variants.json`: `{ variants: VariantResult[], comparisons: Comparison[] }`. */
export function recommendationTrainStage(config: RecommendationConfig): Stage {
  return {
    name: 'train',
    dependsOn: { train: config.train, evaluate: config.evaluate, augment: config.augment },
    async run(context) {
      const dataset = await readSplitSequences(context.inputOf('split'));
      const data = dataset.data;
      const itemAttributes = config.train.itemAttributes ? await readSplitItemAttributes(context.inputOf('split'), dataset.itemIds) : undefined;
      const index = new Map(dataset.itemIds.map((id, dense) => [id, dense]));
      const samples = (await readSamples(context.inputOf('augment'))).map((sample) => ({
        step: sample.step,
        // Ids outside the catalog (a mask token) map to padding and are dropped: SASRec has no mask row yet.
        items: toDenseSequence(sample.items, index, 0).filter((item) => item > 0),
      }));
      const variants = planVariants(config.augment.steps, config.augment.ablation);
      const results: VariantResult[] = [];
      const total = variants.length * config.train.seeds.length;
      let done = 0;
      const jobs: TrainJob[] = [];
      const extraCounts: number[] = [];
      for (const variant of variants) {
        const extra = samples.filter((sample) => variant.steps.includes(sample.step)).map((sample) => sample.items).filter((items) => items.length > 0);
        for (const seed of config.train.seeds) jobs.push({ config, data, variant, extra, seed, ...(itemAttributes === undefined ? {} : { itemAttributes }) });
        extraCounts.push(extra.length);
      }
      // Jobs run `train.threads` at a time, each in a worker thread; the outcome does not depend on it.
      const outcomes = await runTrainJobs(jobs, config.train.threads, { signal: context.signal, onDone: () => context.progress(++done, total, 'models trained') });
      const seeds = config.train.seeds.length;
      variants.forEach((variant, index) => {
        const slice = outcomes.slice(index * seeds, (index + 1) * seeds);
        results.push(summarizeSeeds(slice, config.train.seeds, variant, config, extraCounts[index], data.train.filter((items) => items.length > 0).length));
      });
      const comparisons: Comparison[] = results.slice(1).flatMap((variant) => compareVariants(results[0], variant, { splits: ['test'] }));
      await writeJsonAtomic(join(context.output, VARIANTS_FILE), { variants: results, comparisons });
      const primary = 'ndcg@10';
      return {
        summary: {
          model: config.train.model,
          seeds: config.train.seeds,
          variants: Object.fromEntries(results.map((variant) => [variant.name, variant.metrics.test?.[primary]?.mean ?? null])),
          ...(itemAttributes === undefined ? {} : { itemAttributes: { attributes: itemAttributes.numAttributes, itemsWithAttributes: itemsWithAttributes(itemAttributes), items: data.numItems } }),
        },
      };
    },
  };
}
