/**
 * Trains SASRec (Kang & McAuley 2018) with the S3-Rec/ICLRec protocol: one sample per user per
 * epoch (input = training items but the last, target = the next item at each position), plus any
 * extra (augmented) sequences as further samples; Adam; early stopping on validation NDCG@10;
 * optional CL4SRec contrastive loss; checkpoints after every epoch; resume from the latest one.
 *
 * Determinism: initial weights come from `deriveSeed(seed, 'sasrec-init')` and every epoch's
 * shuffling, negatives, dropout and views from `deriveSeed(seed, 'sasrec-epoch', epoch)`, so the
 * same seed and options give the same trained scores, resumed or not.
 */
import { SampleForgeError } from '../../errors.js';
import { createAliasTable } from '../../augment/sequence/alias-table.js';
import { createRng, deriveSeed, type Rng } from '../../internal/rng.js';
import type { LeaveOneOutData } from '../../models/recommender.js';
import type { Activation } from '../../models/kernels/activation.js';
import { itemsWithAttributes, type ItemAttributes } from '../../models/sasrec/item-attributes.js';
import { itemFeaturesChecksum, type ItemFeatures } from '../../models/sasrec/item-features.js';
import { createSasrecModel, type SasrecModel } from '../../models/sasrec/sasrec-model.js';
import { createSasrecTensors, initialiseSasrecParameters, sasrecParameterCount, validateSasrecDimensions, type SasrecDimensions } from '../../models/sasrec/sasrec-parameters.js';
import { adamStep, createAdamState, type AdamState } from '../../models/kernels/adam.js';
import { readLatestCheckpoint, writeCheckpoint, type CheckpointState, type EpochRecord } from './checkpoint.js';
import { rankingSummary } from './ranking-metrics.js';
import { createTrainingStep, type ContrastiveOptions } from './training-step.js';
import { trainableSequences } from './training-samples.js';

/** Options of `trainSasrec`; defaults follow ICLRec's SASRec on the Amazon sets unless noted. */
export interface TrainSasrecOptions {
  /** Seed of all randomness (weights, order, negatives, dropout, views). */
  seed: number;
  /** Hidden width (64). */
  hidden?: number;
  /** Self-attention blocks (2). */
  blocks?: number;
  /** Attention heads (2). */
  heads?: number;
  /** Longest input; older items are cut off (50). */
  maxLength?: number;
  /** Learn a mask-token embedding for input id numItems + 1 (needed by CL4SRec mask views). */
  maskToken?: boolean;
  /** Hidden dropout rate (0.5). */
  dropout?: number;
  /** Attention-probability dropout rate (0.5). */
  attentionDropout?: number;
  /** Feed-forward activation ('gelu'). */
  activation?: Activation;
  /** Adam learning rate (1e-3); betas 0.9/0.999 and epsilon 1e-8 as in PyTorch. */
  lr?: number;
  /** L2 weight decay (0). */
  weightDecay?: number;
  /** Sequences per step (128). */
  batchSize?: number;
  /** Maximum epochs (200). */
  epochs?: number;
  /** Validations without improvement before stopping (40). */
  patience?: number;
  /** Validate every this many epochs (1); the last epoch is always validated. */
  validEvery?: number;
  /** Main loss: 'bce' with sampled negatives (S3-Rec/ICLRec) or full softmax 'ce' ('bce'). */
  loss?: 'bce' | 'ce';
  /** Negatives per target for 'bce' (1). */
  negatives?: number;
  /**
   * Weights of the negative sampler by dense item id (`numItems + 1` entries, entry 0 ignored),
   * e.g. popularity ** 0.75; uniform when absent. Drawn with an alias table.
   */
  negativeWeights?: ArrayLike<number>;
  /** Extra training sequences (augmented samples), each trained like a user's sequence. */
  extraSequences?: readonly Int32Array[];
  /**
   * Sample weights of `extraSequences` (one each, finite and >= 0; e.g. importance weights from the
   * real-vs-synthetic classifier): each weights its sequence's target positions in the main loss's
   * weighted mean. Users' own sequences weigh 1. Absent = unweighted.
   */
  extraSequenceWeights?: ArrayLike<number>;
  /** CL4SRec contrastive loss; off when absent. */
  contrastive?: ContrastiveOptions;
  /**
   * Item side features (S3-Rec's item attributes): each item's representation becomes its
   * embedding plus the mean of its attributes' embeddings, in the input and in the scores. Off when absent.
   */
  itemAttributes?: ItemAttributes;
  /**
   * Item feature vectors (fused text, image, attribute and behaviour blocks): each item's
   * representation also gets `W f_i`, a learned projection of its features, in the input and in
   * the scores; with `learnedWeights`, one softmax-normalised weight per block is learned too. Off when absent.
   */
  itemFeatures?: ItemFeatures;
  /** Replaces the built-in validation NDCG@10 (e.g. with the shared evaluator); higher is better. */
  validate?: (model: SasrecModel) => number;
}

/** Callbacks and run controls of `trainSasrec`. */
export interface TrainSasrecHooks {
  /** Called after each epoch (after its checkpoint is written). */
  onEpoch?: (record: EpochRecord) => void | Promise<void>;
  /** Aborting stops training between steps with `E_CANCELLED`. */
  signal?: AbortSignal;
  /** Folder for checkpoints; training resumes from the latest one found there. */
  checkpointDirectory?: string;
}

/** Result of `trainSasrec`: the model with the best validation NDCG@10. */
export interface TrainSasrecResult {
  model: SasrecModel;
  history: EpochRecord[];
  /** 0-based epoch whose weights `model` holds. */
  bestEpoch: number;
  bestValidNdcg10: number;
}

function fingerprint(value: unknown): string {
  return JSON.stringify(value, (_key, entry: unknown) => (typeof entry === 'function' ? `fn:${entry.toString().length}` : ArrayBuffer.isView(entry) ? undefined : entry));
}

function negativeDraw(weights: ArrayLike<number> | undefined, numItems: number): ((rng: Rng) => number) | undefined {
  if (weights === undefined) return undefined;
  if (weights.length !== numItems + 1) {
    throw new SampleForgeError('E_USAGE', `negativeWeights has ${weights.length} entries; it needs numItems + 1 = ${numItems + 1} (entry 0 is padding)`, { details: { length: weights.length, numItems } });
  }
  const table = createAliasTable(Float64Array.from({ length: numItems }, (_, i) => weights[i + 1]));
  return (rng) => 1 + table.sample(rng);
}

/** Weights of the trainable samples (users' sequences 1, then the extra sequences' own), or undefined when unweighted. */
function weightsOfSamples(train: readonly Int32Array[], extra: readonly Int32Array[], weights: ArrayLike<number> | undefined): Float64Array | undefined {
  if (weights === undefined) return undefined;
  if (weights.length !== extra.length) {
    throw new SampleForgeError('E_USAGE', `extraSequenceWeights has ${weights.length} entries for ${extra.length} extra sequences; give one weight per extra sequence`, { details: { weights: weights.length, extra: extra.length } });
  }
  const out: number[] = trainableSequences(train).map(() => 1);
  for (let i = 0; i < extra.length; i++) {
    const weight = weights[i];
    if (!(Number.isFinite(weight) && weight >= 0)) {
      throw new SampleForgeError('E_DATA', `extraSequenceWeights[${i}] is ${weight}; sample weights must be finite and >= 0`, { details: { index: i, weight } });
    }
    if (extra[i].length >= 2) out.push(weight);
  }
  return Float64Array.from(out);
}

/** Trains SASRec on leave-one-out data; see the module doc for the protocol. */
export async function trainSasrec(data: LeaveOneOutData, options: TrainSasrecOptions, hooks: TrainSasrecHooks = {}): Promise<TrainSasrecResult> {
  const dimensions: SasrecDimensions = {
    numItems: data.numItems,
    hidden: options.hidden ?? 64,
    blocks: options.blocks ?? 2,
    heads: options.heads ?? 2,
    maxLength: options.maxLength ?? 50,
    ...(options.maskToken === true ? { maskToken: true } : {}),
    ...(options.itemAttributes === undefined ? {} : { attributes: options.itemAttributes.numAttributes }),
    ...(options.itemFeatures === undefined ? {} : { features: options.itemFeatures.dim, ...(options.itemFeatures.learnedWeights ? { featureBlocks: options.itemFeatures.blocks.length } : {}) }),
  };
  validateSasrecDimensions(dimensions);
  const activation = options.activation ?? 'gelu';
  const batchSize = options.batchSize ?? 128;
  const epochs = options.epochs ?? 200;
  const patience = options.patience ?? 40;
  const validEvery = options.validEvery ?? 1;
  const adamOptions = { lr: options.lr ?? 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: options.weightDecay ?? 0 };
  const samples = [...trainableSequences(data.train), ...trainableSequences(options.extraSequences ?? [])];
  const sampleWeights = weightsOfSamples(data.train, options.extraSequences ?? [], options.extraSequenceWeights);
  const batchWeights: number[] = [];
  if (samples.length === 0) {
    throw new SampleForgeError('E_DATA', 'no training sequence has two or more items; SASRec needs an input item and a target', { details: { users: data.train.length } });
  }

  const count = sasrecParameterCount(dimensions);
  const parameters = createSasrecTensors(dimensions, new Float32Array(count));
  const gradients = createSasrecTensors(dimensions, new Float32Array(count));
  initialiseSasrecParameters(parameters, createRng(deriveSeed(options.seed, 'sasrec-init')));
  let adam: AdamState = createAdamState(count);
  let bestParameters: Float32Array = Float32Array.from(parameters.buffer);
  const itemAttributes = options.itemAttributes;
  if (itemAttributes !== undefined && itemAttributes.offsets.length !== data.numItems + 2) {
    throw new SampleForgeError('E_USAGE', `itemAttributes covers ${itemAttributes.offsets.length - 2} items; the data has ${data.numItems}`, { details: { items: itemAttributes.offsets.length - 2, numItems: data.numItems } });
  }
  const itemFeatures = options.itemFeatures;
  if (itemFeatures !== undefined && itemFeatures.numItems !== data.numItems) {
    throw new SampleForgeError('E_USAGE', `itemFeatures covers ${itemFeatures.numItems} items; the data has ${data.numItems}`, { details: { items: itemFeatures.numItems, numItems: data.numItems } });
  }
  const sides = { attributes: itemAttributes, features: itemFeatures };
  const optionsKey = fingerprint({
    ...options,
    extraSequences: options.extraSequences?.length ?? 0,
    negativeWeights: options.negativeWeights === undefined ? undefined : Array.from(options.negativeWeights).reduce((a, b) => a + b, 0),
    itemAttributes: itemAttributes === undefined ? undefined : { attributes: itemAttributes.numAttributes, links: itemAttributes.attributes.length, items: itemsWithAttributes(itemAttributes) },
    itemFeatures: itemFeatures === undefined ? undefined : { dim: itemFeatures.dim, blocks: itemFeatures.blocks, learned: itemFeatures.learnedWeights, checksum: itemFeaturesChecksum(itemFeatures) },
    dimensions,
    samples: samples.length,
  });
  let state: CheckpointState = {
    format: 1,
    epochsDone: 0,
    bestEpoch: -1,
    bestValidNdcg10: -1,
    validationsWithoutImprovement: 0,
    history: [],
    adamStep: 0,
    seed: options.seed,
    optionsKey,
  };
  if (hooks.checkpointDirectory !== undefined) {
    const saved = await readLatestCheckpoint(hooks.checkpointDirectory, count);
    if (saved !== undefined) {
      if (saved.state.optionsKey !== optionsKey) {
        throw new SampleForgeError('E_RESUME', `checkpoint in ${hooks.checkpointDirectory} was made with other training options; use a new checkpoint folder or the same options`, {
          details: { directory: hooks.checkpointDirectory },
        });
      }
      parameters.buffer.set(saved.parameters);
      bestParameters = saved.bestParameters;
      adam = saved.adam;
      state = saved.state;
    }
  }

  const step = createTrainingStep(dimensions, parameters, gradients, {
    loss: options.loss ?? 'bce',
    negatives: options.negatives ?? 1,
    dropout: options.dropout ?? 0.5,
    attentionDropout: options.attentionDropout ?? 0.5,
    activation,
    contrastive: options.contrastive,
    drawNegative: negativeDraw(options.negativeWeights, dimensions.numItems),
    itemAttributes,
    itemFeatures,
  });
  const validate =
    options.validate ??
    ((model: SasrecModel): number => rankingSummary((histories) => model.encode(histories), model.itemVectors, data.numItems, dimensions.hidden, data.train, data.validTarget).ndcg10);
  const order = Array.from({ length: samples.length }, (_, i) => i);
  const batch: Int32Array[] = [];

  for (let epoch = state.epochsDone; epoch < epochs; epoch++) {
    if (state.validationsWithoutImprovement >= patience) break;
    const epochRng = createRng(deriveSeed(options.seed, 'sasrec-epoch', epoch));
    const random = { negatives: epochRng.fork('negatives'), dropout: epochRng.fork('dropout'), views: epochRng.fork('views') };
    for (let i = 0; i < order.length; i++) order[i] = i;
    epochRng.fork('order').shuffle(order);
    const started = performance.now();
    let lossSum = 0;
    let steps = 0;
    for (let start = 0; start < order.length; start += batchSize) {
      if (hooks.signal?.aborted) throw new SampleForgeError('E_CANCELLED', `SASRec training cancelled in epoch ${epoch}`, { details: { epoch } });
      batch.length = 0;
      batchWeights.length = 0;
      for (let i = start; i < Math.min(start + batchSize, order.length); i++) {
        batch.push(samples[order[i]]);
        if (sampleWeights !== undefined) batchWeights.push(sampleWeights[order[i]]);
      }
      gradients.buffer.fill(0);
      const loss = step(batch, random, sampleWeights === undefined ? undefined : batchWeights);
      const total = loss.main + (options.contrastive?.weight ?? 0) * loss.contrastive;
      if (!Number.isFinite(total)) {
        throw new SampleForgeError('E_TRAIN', `SASRec loss became ${total} in epoch ${epoch}, step ${steps}; lower train.lr`, { details: { epoch, step: steps } });
      }
      lossSum += total;
      steps++;
      adamStep(parameters.buffer, gradients.buffer, adam, adamOptions);
    }
    const seconds = (performance.now() - started) / 1000;
    let validNdcg10: number | null = null;
    if ((epoch + 1) % validEvery === 0 || epoch + 1 === epochs) {
      validNdcg10 = validate(createSasrecModel(dimensions, parameters.buffer, activation, sides));
      if (validNdcg10 > state.bestValidNdcg10) {
        state.bestValidNdcg10 = validNdcg10;
        state.bestEpoch = epoch;
        state.validationsWithoutImprovement = 0;
        bestParameters = Float32Array.from(parameters.buffer);
      } else {
        state.validationsWithoutImprovement++;
      }
    }
    const record: EpochRecord = { epoch, loss: lossSum / steps, validNdcg10, seconds };
    state.history.push(record);
    state.epochsDone = epoch + 1;
    state.adamStep = adam.step;
    if (hooks.checkpointDirectory !== undefined) {
      await writeCheckpoint(hooks.checkpointDirectory, { state, parameters: parameters.buffer, bestParameters, adam });
    }
    await hooks.onEpoch?.(record);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return {
    model: createSasrecModel(dimensions, state.bestEpoch >= 0 ? bestParameters : parameters.buffer, activation, sides),
    history: state.history,
    bestEpoch: state.bestEpoch,
    bestValidNdcg10: state.bestValidNdcg10,
  };
}
