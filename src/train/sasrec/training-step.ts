/**
 * One SASRec training step: forward over a ragged batch, the main loss (BCE with sampled negatives
 * or full softmax CE), the optional CL4SRec contrastive loss on two augmented views, and backward
 * into the shared gradient buffer. The optimiser update is the caller's.
 */
import { SampleForgeError } from '../../errors.js';
import type { Rng } from '../../internal/rng.js';
import type { Activation } from '../../models/kernels/activation.js';
import { createFusedItemTable, hasItemSides } from '../../models/sasrec/fused-item-table.js';
import type { ItemAttributes } from '../../models/sasrec/item-attributes.js';
import type { ItemFeatures } from '../../models/sasrec/item-features.js';
import { createSasrecBatch, packSasrecBatch } from '../../models/sasrec/sasrec-batch.js';
import { createSasrecNetwork, type SasrecDropout } from '../../models/sasrec/sasrec-network.js';
import type { SasrecDimensions, SasrecTensors } from '../../models/sasrec/sasrec-parameters.js';
import { binaryCrossEntropyLoss, createSoftmaxWorkspace, infoNceLoss, softmaxCrossEntropyLoss, type ScoringTable } from './losses.js';
import { createTargetBuffers, fillTargets } from './training-samples.js';

/** Produces one augmented view of a training input; must not modify `items`. */
export type SequenceViewFunction = (items: Int32Array, rng: Rng) => Int32Array;

/** CL4SRec's auxiliary loss (Xie et al. 2022, "Contrastive Learning for Sequential Recommendation"). */
export interface ContrastiveOptions {
  /** Weight lambda of the InfoNCE loss added to the main loss (CL4SRec: 0.1). */
  weight: number;
  /** Softmax temperature of the similarities (CL4SRec: 1.0). */
  temperature: number;
  /** Makes a view; called twice per training sequence per step. */
  augment: SequenceViewFunction;
}

/** What a step needs besides the data. */
export interface TrainingStepConfig {
  loss: 'bce' | 'ce';
  negatives: number;
  dropout: number;
  attentionDropout: number;
  activation: Activation;
  contrastive?: ContrastiveOptions;
  /** Draws one negative item id (1..numItems) for 'bce'; uniform when absent. */
  drawNegative?: (rng: Rng) => number;
  /** Item attributes fused into the item table (needs `dimensions.attributes`); none when absent. */
  itemAttributes?: ItemAttributes;
  /** Item feature vectors projected into the item table (needs `dimensions.features`); none when absent. */
  itemFeatures?: ItemFeatures;
}

/** Random streams of one step, each forked from the epoch's generator. */
export interface StepRandom {
  negatives: Rng;
  dropout: Rng;
  views: Rng;
}

/** The loss parts of one step. */
export interface StepLoss {
  main: number;
  contrastive: number;
}

/**
 * Builds a step function over `parameters`; it zeroes nothing, so the caller zeroes `gradients`
 * before each step. Sample `s` is a full training sequence; its input is all but its last item.
 * `weights[s]` (optional) weights every target position of sample `s` in the main loss's mean
 * (importance weights of synthetic sequences); the contrastive loss stays unweighted.
 * With `padded`, batches are left-padded to `maxLength` (only to measure the padded layout's cost).
 */
export function createTrainingStep(
  dimensions: SasrecDimensions,
  parameters: SasrecTensors,
  gradients: SasrecTensors,
  config: TrainingStepConfig,
  padded = false,
): (samples: readonly Int32Array[], random: StepRandom, weights?: ArrayLike<number>) => StepLoss {
  // With attributes or features, the networks and losses read and write the fused item table; its
  // gradient flows back to the item and attribute tables and the feature projection once per step.
  const sides = { attributes: config.itemAttributes, features: config.itemFeatures };
  const fused = hasItemSides(sides) ? createFusedItemTable(parameters, gradients, sides, dimensions.hidden) : undefined;
  const seen = fused?.parameters ?? parameters;
  const seenGradients = fused?.gradients ?? gradients;
  const network = createSasrecNetwork(dimensions, seen, seenGradients, config.activation);
  const viewsNetwork = config.contrastive === undefined ? undefined : createSasrecNetwork(dimensions, seen, seenGradients, config.activation);
  const batch = createSasrecBatch();
  const viewsBatch = createSasrecBatch();
  const targets = createTargetBuffers(dimensions.numItems);
  const softmax = createSoftmaxWorkspace();
  const h = dimensions.hidden;
  const table: ScoringTable = { itemEmbedding: seen.itemEmbedding, itemGradient: seenGradients.itemEmbedding, numItems: dimensions.numItems, hidden: h };
  let dHidden = new Float32Array(0);
  let representations = new Float32Array(0);
  let dRepresentations = new Float32Array(0);
  let similarity = new Float32Array(0);
  let paddedTargets = new Int32Array(0);
  let paddedNegatives = new Int32Array(0);
  let tokenWeights = new Float32Array(0);
  const inputs: Int32Array[] = [];
  const views: Int32Array[] = [];

  return (samples, random, weights) => {
    fused?.fuse();
    inputs.length = 0;
    for (const sample of samples) inputs.push(sample.subarray(0, sample.length - 1));
    packSasrecBatch(inputs, dimensions.maxLength, batch, padded);
    const dropout: SasrecDropout = { hidden: config.dropout, attention: config.attentionDropout, rng: random.dropout };
    const hidden = network.forward(batch, dropout);
    const tokens = batch.offsets[batch.sequences];
    if (dHidden.length < tokens * h) dHidden = new Float32Array(tokens * h);
    fillTargets(samples, dimensions.maxLength, config.loss === 'bce' ? config.negatives : 0, dimensions.numItems, random.negatives, targets, config.drawNegative);
    let weighted: Float32Array | undefined;
    if (weights !== undefined) {
      if (padded) throw new SampleForgeError('E_USAGE', 'sample weights are not supported in the padded (timing-only) layout');
      if (tokenWeights.length < tokens) tokenWeights = new Float32Array(tokens);
      // Tokens follow the samples in order, each sample's last min(length - 1, maxLength) positions.
      for (let b = 0; b < batch.sequences; b++) tokenWeights.fill(weights[b], batch.offsets[b], batch.offsets[b + 1]);
      weighted = tokenWeights;
    }
    let main: number;
    if (padded) {
      // PyTorch scores every padded position and masks the loss afterwards; scoring them all (with
      // placeholder targets at padding) reproduces that amount of work. Used for timing only.
      if (paddedTargets.length < tokens) {
        paddedTargets = new Int32Array(tokens);
        paddedNegatives = new Int32Array(tokens * config.negatives);
      }
      paddedTargets.fill(1, 0, tokens);
      paddedNegatives.fill(2, 0, tokens * config.negatives);
      let cursor = 0;
      for (let b = 0; b < batch.sequences; b++) {
        const length = Math.min(inputs[b].length, dimensions.maxLength);
        for (let t = batch.offsets[b + 1] - length; t < batch.offsets[b + 1]; t++) {
          paddedTargets[t] = targets.targets[cursor];
          for (let k = 0; k < config.negatives; k++) paddedNegatives[t * config.negatives + k] = targets.negatives[cursor * config.negatives + k];
          cursor++;
        }
      }
      main = binaryCrossEntropyLoss(hidden, tokens, paddedTargets, paddedNegatives, config.negatives, table, dHidden);
    } else {
      main =
        config.loss === 'bce'
          ? binaryCrossEntropyLoss(hidden, tokens, targets.targets, targets.negatives, config.negatives, table, dHidden, weighted)
          : softmaxCrossEntropyLoss(hidden, tokens, targets.targets, table, dHidden, softmax, weighted);
    }
    network.backward(dHidden);

    let contrastive = 0;
    if (config.contrastive !== undefined && viewsNetwork !== undefined) {
      views.length = 0;
      for (const input of inputs) {
        for (let v = 0; v < 2; v++) {
          const view = config.contrastive.augment(input, random.views);
          views.push(view.length > 0 ? view : input);
        }
      }
      packSasrecBatch(views, dimensions.maxLength, viewsBatch);
      const count = views.length;
      const viewHidden = viewsNetwork.forward(viewsBatch, { hidden: config.dropout, attention: config.attentionDropout, rng: random.dropout });
      if (representations.length < count * h) {
        representations = new Float32Array(count * h);
        dRepresentations = new Float32Array(count * h);
        similarity = new Float32Array(count * count);
      }
      for (let b = 0; b < count; b++) {
        const last = (viewsBatch.offsets[b + 1] - 1) * h;
        representations.set(viewHidden.subarray(last, last + h), b * h);
      }
      contrastive = infoNceLoss(representations, count, h, config.contrastive.temperature, dRepresentations, similarity);
      const viewTokens = viewsBatch.offsets[count];
      if (dHidden.length < viewTokens * h) dHidden = new Float32Array(viewTokens * h);
      dHidden.fill(0, 0, viewTokens * h);
      const weight = config.contrastive.weight;
      for (let b = 0; b < count; b++) {
        const last = (viewsBatch.offsets[b + 1] - 1) * h;
        for (let d = 0; d < h; d++) dHidden[last + d] = weight * dRepresentations[b * h + d];
      }
      viewsNetwork.backward(dHidden);
    }
    fused?.propagate();
    return { main, contrastive };
  };
}
