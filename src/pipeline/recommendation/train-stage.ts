/**
 * The recommendation `train` stage: every variant (baseline, augmented, one per step) trained with
 * the same seeds and budget, evaluated on the same leave-one-out split with full ranking, and set
 * against the baseline with a paired test over seeds.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSequenceTransform } from '../../augment/sequence/create-sequence-augmenter.js';
import type { RecommendationConfig } from '../../config/schema.js';
import { SampleForgeError } from '../../errors.js';
import { evaluateRanking, type RankingEvaluation } from '../../eval/ranking/evaluate-ranking.js';
import { compareVariants } from '../../eval/stats/compare-variants.js';
import { summarize } from '../../eval/stats/summarize.js';
import { writeJsonAtomic } from '../../internal/atomic-write.js';
import { trainBprMf } from '../../models/baselines/bpr-mf.js';
import { createItemKnnRecommender } from '../../models/baselines/item-knn.js';
import { createPopRecommender } from '../../models/baselines/pop.js';
import type { LeaveOneOutData, Recommender } from '../../models/recommender.js';
import { trainSasrec } from '../../train/sasrec/train-sasrec.js';
import type { Comparison, VariantResult } from '../../types.js';
import type { Stage } from '../run-stages.js';
import { SEQUENCE_SAMPLES_FILE } from './augment-stage.js';
import { readSplitSequences, toDenseSequence } from './sequence-data.js';
import { planVariants, VARIANTS_FILE, type Variant } from '../variants.js';

interface SeedOutcome {
  valid: RankingEvaluation;
  test: RankingEvaluation;
  curve: { epoch: number; loss: number; valid?: number }[];
  seconds: number;
}

async function readSamples(folder: string): Promise<{ step: number; items: string[] }[]> {
  const text = await readFile(join(folder, SEQUENCE_SAMPLES_FILE), 'utf8');
  return text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as { step: number; items: string[] });
}

async function trainOne(config: RecommendationConfig, data: LeaveOneOutData, variant: Variant, extra: Int32Array[], seed: number, signal?: AbortSignal): Promise<{ model: Recommender; curve: SeedOutcome['curve'] }> {
  const train = config.train;
  const withExtra = [...data.train, ...extra];
  switch (train.model) {
    case 'pop':
      return { model: createPopRecommender(withExtra, data.numItems), curve: [] };
    case 'item-knn':
      return { model: createItemKnnRecommender(withExtra, data.numItems), curve: [] };
    case 'bpr-mf': {
      const curve: SeedOutcome['curve'] = [];
      const model = trainBprMf(withExtra, data.numItems, { dim: train.hidden, epochs: train.epochs, seed, onEpoch: (epoch, loss) => curve.push({ epoch, loss }) });
      return { model, curve };
    }
    case 'sasrec': {
      const contrastiveSteps = variant.steps.map((index) => config.augment.steps[index]).filter((step) => step.mode === 'contrastive');
      if (contrastiveSteps.some((step) => step.augmenter === 'mask' || step.augmenter === 'random')) {
        throw new SampleForgeError('E_CONFIG', 'augment.steps: mask (and random, which may draw mask) with mode: contrastive needs a mask-token embedding that the SASRec trainer does not have yet; use crop, reorder, substitute or insert as contrastive views, or mask with mode: samples');
      }
      const views = contrastiveSteps.map((step) => createSequenceTransform(step, { numItems: data.numItems, trainSequences: data.train }));
      const result = await trainSasrec(
        data,
        {
          seed,
          hidden: train.hidden,
          blocks: train.blocks,
          heads: train.heads,
          maxLength: train.maxLength,
          dropout: train.dropout,
          attentionDropout: train.attentionDropout,
          activation: train.activation,
          lr: train.lr,
          weightDecay: train.weightDecay,
          batchSize: train.batchSize,
          epochs: train.epochs,
          patience: train.patience,
          validEvery: train.validEvery,
          loss: train.loss,
          negatives: train.negatives,
          extraSequences: extra,
          contrastive:
            views.length === 0
              ? undefined
              : {
                  weight: train.contrastive?.weight ?? 0.1,
                  temperature: train.contrastive?.temperature ?? 1,
                  // CL4SRec draws one of its augmentations per view.
                  augment: (items, rng) => views[views.length === 1 ? 0 : rng.int(views.length)](items, rng) ?? items,
                },
        },
        { signal },
      );
      return { model: result.model, curve: result.history.map((record) => ({ epoch: record.epoch, loss: record.loss, valid: record.validNdcg10 ?? undefined })) };
    }
    case 'external':
      throw new SampleForgeError('E_CONFIG', 'train.model: external trainers run through the external-trainer stage, which this pipeline does not wire yet; use sasrec, pop, item-knn or bpr-mf');
  }
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
      for (const variant of variants) {
        const extra = samples.filter((sample) => variant.steps.includes(sample.step)).map((sample) => sample.items).filter((items) => items.length > 0);
        const outcomes: SeedOutcome[] = [];
        for (const seed of config.train.seeds) {
          const started = performance.now();
          const { model, curve } = await trainOne(config, data, variant, extra, seed, context.signal);
          const seconds = (performance.now() - started) / 1000;
          const evaluation = { ...config.evaluate };
          const valid = await evaluateRanking(model, data, { ...evaluation, split: 'valid' });
          const test = await evaluateRanking(model, data, { ...evaluation, split: 'test' });
          outcomes.push({ valid, test, curve, seconds });
          context.progress(++done, total, 'models trained');
        }
        results.push(summarizeSeeds(outcomes, config.train.seeds, variant, config, extra.length, data.train.filter((items) => items.length > 0).length));
      }
      const comparisons: Comparison[] = results.slice(1).flatMap((variant) => compareVariants(results[0], variant, { splits: ['test'] }));
      await writeJsonAtomic(join(context.output, VARIANTS_FILE), { variants: results, comparisons });
      const primary = 'ndcg@10';
      return {
        summary: {
          model: config.train.model,
          seeds: config.train.seeds,
          variants: Object.fromEntries(results.map((variant) => [variant.name, variant.metrics.test?.[primary]?.mean ?? null])),
        },
      };
    },
  };
}
