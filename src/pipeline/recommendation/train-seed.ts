/**
 * One training job of the recommendation `train` stage: a variant's model trained with one seed on
 * the training sequences plus the variant's synthetic ones, then evaluated on validation and test
 * with full ranking. Runs in the stage's thread or in a worker thread (`train-worker.ts`); the
 * same job gives the same outcome in either.
 */
import { createSequenceTransform } from '../../augment/sequence/create-sequence-augmenter.js';
import { countItems } from '../../augment/sequence/negative-samplers.js';
import type { RecommendationConfig } from '../../config/schema.js';
import { SampleForgeError } from '../../errors.js';
import { evaluateRanking, type RankingEvaluation } from '../../eval/ranking/evaluate-ranking.js';
import { trainBprMf } from '../../models/baselines/bpr-mf.js';
import { createItemKnnRecommender } from '../../models/baselines/item-knn.js';
import { createPopRecommender } from '../../models/baselines/pop.js';
import type { LeaveOneOutData, Recommender } from '../../models/recommender.js';
import type { ItemAttributes } from '../../models/sasrec/item-attributes.js';
import type { ItemFeatures } from '../../models/sasrec/item-features.js';
import { evaluateExternal } from '../../train/external/evaluate-external.js';
import { runExternalTrainer } from '../../train/external/run-external-trainer.js';
import { trainSasrec } from '../../train/sasrec/train-sasrec.js';
import type { Variant } from '../variants.js';

/** Everything a job needs; plain data, so it crosses to a worker thread by structured clone. */
export interface TrainJob {
  config: RecommendationConfig;
  data: LeaveOneOutData;
  variant: Variant;
  /** The variant's synthetic training sequences (dense ids). */
  extra: Int32Array[];
  /** Sample weights of `extra` (SASRec only), from `align.importanceWeights`; absent = unweighted. */
  extraWeights?: Float64Array;
  /** Folder for SASRec's epoch checkpoints: a killed run resumes this training from its last epoch (`--resume`). */
  epochCheckpoints?: string;
  seed: number;
  /** The items' attribute lists, with `train.itemAttributes`. */
  itemAttributes?: ItemAttributes;
  /** The items' fused feature vectors, with `train.itemFeatures`. */
  itemFeatures?: ItemFeatures;
}

/** What a job returns. */
export interface SeedOutcome {
  valid: RankingEvaluation;
  test: RankingEvaluation;
  curve: { epoch: number; loss: number; valid?: number }[];
  /** Training time, without evaluation. */
  seconds: number;
  /** SASRec with item features: the blocks' weights (learned, or 1 when fixed). */
  featureWeights?: { name: string; weight: number }[];
}

async function trainOne(
  config: RecommendationConfig,
  data: LeaveOneOutData,
  variant: Variant,
  extra: Int32Array[],
  seed: number,
  sides: { itemAttributes?: ItemAttributes; itemFeatures?: ItemFeatures; extraWeights?: Float64Array; epochCheckpoints?: string },
  signal?: AbortSignal,
): Promise<{ model: Recommender; curve: SeedOutcome['curve']; featureWeights?: SeedOutcome['featureWeights'] }> {
  const train = config.train;
  const withExtra = [...data.train, ...extra];
  if (train.model !== 'sasrec' && variant.steps.some((index) => config.augment.steps[index].augmenter === 'negatives')) {
    throw new SampleForgeError('E_CONFIG', `augment.steps: a negatives step changes the negatives of SASRec training; train.model ${train.model} does not use it`, { details: { model: train.model } });
  }
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
      // Mask views (and random, which may draw mask) put id numItems + 1 in the input: SASRec learns a row for it.
      const maskToken = contrastiveSteps.some((step) => (step.augmenter === 'mask' && (step.maskToken ?? data.numItems + 1) === data.numItems + 1) || step.augmenter === 'random');
      const customMask = contrastiveSteps.find((step) => step.augmenter === 'mask' && step.maskToken !== undefined && step.maskToken !== data.numItems + 1);
      if (customMask !== undefined) {
        throw new SampleForgeError('E_CONFIG', `augment.steps: a contrastive mask view must use the default mask token (numItems + 1 = ${data.numItems + 1}), the id SASRec learns a row for; drop maskToken`, { details: { maskToken: customMask.augmenter === 'mask' ? customMask.maskToken : undefined } });
      }
      const views = contrastiveSteps.map((step) => createSequenceTransform(step, { numItems: data.numItems, trainSequences: data.train }));
      const sampling = negativeSampling(config, variant, data);
      const result = await trainSasrec(
        data,
        {
          seed,
          hidden: train.hidden,
          blocks: train.blocks,
          heads: train.heads,
          maxLength: train.maxLength,
          maskToken,
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
          negatives: sampling?.perTarget ?? train.negatives,
          negativeWeights: sampling?.weights,
          extraSequences: extra,
          extraSequenceWeights: sides.extraWeights,
          itemAttributes: train.itemAttributes ? sides.itemAttributes : undefined,
          itemFeatures: train.itemFeatures === undefined ? undefined : sides.itemFeatures,
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
        { signal, checkpointDirectory: sides.epochCheckpoints },
      );
      return {
        model: result.model,
        curve: result.history.map((record) => ({ epoch: record.epoch, loss: record.loss, valid: record.validNdcg10 ?? undefined })),
        ...(result.model.featureWeights.length === 0 ? {} : { featureWeights: result.model.featureWeights }),
      };
    }
    case 'external':
      throw new SampleForgeError('E_USAGE', 'external trainers are run by runTrainJob, not trainOne');
  }
}

/** `train.model: external`: the user's command, run once for validation and once for test targets, evaluated like the built-in models. */
async function runExternalJob(job: TrainJob): Promise<SeedOutcome> {
  const { config, data, variant, extra, seed } = job;
  const external = config.train.external;
  if (external === undefined) throw new SampleForgeError('E_CONFIG', 'train.model: external needs train.external.command');
  const augmenter = variant.steps.map((index) => config.augment.steps[index].augmenter).join('+') || undefined;
  const synthetic = extra.map((items) => ({ parent: -1, items, augmenter }));
  const outcome: Partial<SeedOutcome> = { curve: [], seconds: 0 };
  for (const split of ['valid', 'test'] as const) {
    const result = await runExternalTrainer(data, { command: external.command, output: external.output, topK: external.topK, timeoutMs: external.timeoutMs, seed, split, synthetic });
    outcome.seconds = (outcome.seconds ?? 0) + result.seconds;
    outcome[split] = await evaluateExternal(result, data, config.evaluate);
  }
  return outcome as SeedOutcome;
}

/** The variant's `negatives` step as the trainer's negative sampler; undefined = train.negatives uniform. */
function negativeSampling(config: RecommendationConfig, variant: Variant, data: LeaveOneOutData): { perTarget: number; weights?: Float64Array } | undefined {
  const steps = variant.steps.map((index) => config.augment.steps[index]).filter((step) => step.augmenter === 'negatives');
  if (steps.length === 0) return undefined;
  if (steps.length > 1) throw new SampleForgeError('E_CONFIG', 'augment.steps: give at most one negatives step; each replaces the negative sampler of training', { details: { steps: steps.length } });
  if (config.train.loss !== 'bce') {
    throw new SampleForgeError('E_CONFIG', 'augment.steps: a negatives step needs train.loss: bce (full softmax ce scores every item and samples no negatives)', { details: { loss: config.train.loss } });
  }
  const [step] = steps;
  if (step.augmenter !== 'negatives' || step.sampler === 'uniform') return { perTarget: step.augmenter === 'negatives' ? step.perTarget : 1 };
  const counts = countItems(data.train, data.numItems);
  const weights = Float64Array.from(counts, (count, item) => (item === 0 ? 0 : count ** step.exponent));
  return { perTarget: step.perTarget, weights };
}

/** Trains and evaluates one job. */
export async function runTrainJob(job: TrainJob, signal?: AbortSignal): Promise<SeedOutcome> {
  const { config, data, variant, extra, seed } = job;
  if (config.train.model === 'external') return runExternalJob(job);
  if (config.train.itemAttributes && job.itemAttributes === undefined) throw new SampleForgeError('E_INTERNAL', 'train.itemAttributes is on but the job carries no attribute lists');
  if (config.train.itemFeatures !== undefined && job.itemFeatures === undefined) throw new SampleForgeError('E_INTERNAL', 'train.itemFeatures is set but the job carries no item features');
  const started = performance.now();
  const { model, curve, featureWeights } = await trainOne(config, data, variant, extra, seed, { itemAttributes: job.itemAttributes, itemFeatures: job.itemFeatures, extraWeights: job.extraWeights, epochCheckpoints: job.epochCheckpoints }, signal);
  const seconds = (performance.now() - started) / 1000;
  const valid = await evaluateRanking(model, data, { ...config.evaluate, split: 'valid' });
  const test = await evaluateRanking(model, data, { ...config.evaluate, split: 'test' });
  return { valid, test, curve, seconds, ...(featureWeights === undefined ? {} : { featureWeights }) };
}
