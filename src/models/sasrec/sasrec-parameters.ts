/**
 * SASRec's trainable tensors, laid out in one flat float32 buffer so that the optimiser, gradient
 * sums and checkpoints handle a single array.
 */
import type { Rng } from '../../internal/rng.js';
import { SampleForgeError } from '../../errors.js';

/** Shape of a SASRec network (Kang & McAuley 2018, S3-Rec/ICLRec variant). */
export interface SasrecDimensions {
  /** Items are `1..numItems`; row 0 of the item table is padding. */
  numItems: number;
  /** Width of embeddings and hidden states (64 in S3-Rec/ICLRec). */
  hidden: number;
  /** Number of self-attention blocks (2). */
  blocks: number;
  /** Attention heads; must divide `hidden` (ICLRec: 2). */
  heads: number;
  /** Longest input sequence; older items are cut off (50). */
  maxLength: number;
  /**
   * A learned mask-token embedding for input id `numItems + 1` (CL4SRec's item mask); it is an
   * input only, never a target or a candidate. Stored after all other parameters, so turning it
   * on leaves every other tensor's layout and initial values unchanged.
   */
  maskToken?: boolean;
  /**
   * Rows of an item-attribute embedding table (attribute ids `0 .. attributes - 1`), fused into
   * the item representation (item-attributes.ts). Stored last, after the mask token, so turning it
   * on leaves every other tensor's layout and initial values unchanged. Absent or 0: no attributes.
   */
  attributes?: number;
  /**
   * Width of the item feature vectors projected into the item representation (item-features.ts):
   * a `features x hidden` projection is stored after the attribute table. Absent or 0: none.
   */
  features?: number;
  /**
   * Feature blocks whose weights are learned (softmax-normalised, one logit each, stored last).
   * Absent or 0: the feature blocks keep the fixed weights of their fusion.
   */
  featureBlocks?: number;
}

/** Views into one block's tensors; linear weights are `in x out` row-major. */
export interface SasrecBlockTensors {
  qkvWeight: Float32Array;
  qkvBias: Float32Array;
  outputWeight: Float32Array;
  outputBias: Float32Array;
  attentionNormGain: Float32Array;
  attentionNormBias: Float32Array;
  feedForwardWeight1: Float32Array;
  feedForwardBias1: Float32Array;
  feedForwardWeight2: Float32Array;
  feedForwardBias2: Float32Array;
  outputNormGain: Float32Array;
  outputNormBias: Float32Array;
}

/** Views into a flat buffer (parameters or their gradients). */
export interface SasrecTensors {
  buffer: Float32Array;
  /** `(numItems + 1) x hidden`, shared by the input and the output scores. */
  itemEmbedding: Float32Array;
  /** `maxLength x hidden`, indexed by the position in the left-padded layout. */
  positionEmbedding: Float32Array;
  inputNormGain: Float32Array;
  inputNormBias: Float32Array;
  blocks: SasrecBlockTensors[];
  /** `hidden` values of the mask token, when `dimensions.maskToken`. */
  maskEmbedding?: Float32Array;
  /** `attributes x hidden`, when `dimensions.attributes` is positive. */
  attributeEmbedding?: Float32Array;
  /** `features x hidden` projection W of the item feature vectors, when `dimensions.features` is positive. */
  featureProjection?: Float32Array;
  /** One logit per feature block, when `dimensions.featureBlocks` is positive. */
  featureGate?: Float32Array;
}

/** Number of float32 values in all parameters of a network of this shape. */
export function sasrecParameterCount(dimensions: SasrecDimensions): number {
  const h = dimensions.hidden;
  const block = h * 3 * h + 3 * h + h * h + h + 2 * h + h * 4 * h + 4 * h + 4 * h * h + h + 2 * h;
  return (dimensions.numItems + 1) * h + dimensions.maxLength * h + 2 * h + dimensions.blocks * block + (dimensions.maskToken === true ? h : 0) + (dimensions.attributes ?? 0) * h + (dimensions.features ?? 0) * h + (dimensions.featureBlocks ?? 0);
}

/** Checks the shape and throws `E_CONFIG` naming the bad field. */
export function validateSasrecDimensions(dimensions: SasrecDimensions): void {
  const { numItems, hidden, blocks, heads, maxLength } = dimensions;
  for (const [field, value] of Object.entries({ numItems, hidden, blocks, heads, maxLength })) {
    if (!Number.isInteger(value) || value < 1) {
      throw new SampleForgeError('E_CONFIG', `train.${field}: expected a positive integer, got ${value}`, { details: { path: `train.${field}`, value } });
    }
  }
  if (dimensions.attributes !== undefined && (!Number.isInteger(dimensions.attributes) || dimensions.attributes < 0)) {
    throw new SampleForgeError('E_CONFIG', `item attributes: expected a whole number of attribute rows, got ${dimensions.attributes}`, { details: { value: dimensions.attributes } });
  }
  for (const [field, value] of Object.entries({ features: dimensions.features, featureBlocks: dimensions.featureBlocks })) {
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
      throw new SampleForgeError('E_CONFIG', `item features: expected a whole number of ${field}, got ${value}`, { details: { field, value } });
    }
  }
  if ((dimensions.featureBlocks ?? 0) > 0 && (dimensions.features ?? 0) === 0) {
    throw new SampleForgeError('E_CONFIG', 'item features: learned block weights need feature columns (dimensions.features)', { details: { featureBlocks: dimensions.featureBlocks } });
  }
  if (hidden % heads !== 0) {
    throw new SampleForgeError('E_CONFIG', `train.heads: ${heads} heads do not divide hidden ${hidden}; choose heads among the divisors of hidden`, {
      details: { path: 'train.heads', value: heads },
    });
  }
}

/** Splits `buffer` into named views following the fixed layout. */
export function createSasrecTensors(dimensions: SasrecDimensions, buffer: Float32Array): SasrecTensors {
  const h = dimensions.hidden;
  let offset = 0;
  const take = (size: number): Float32Array => {
    const view = buffer.subarray(offset, offset + size);
    offset += size;
    return view;
  };
  const itemEmbedding = take((dimensions.numItems + 1) * h);
  const positionEmbedding = take(dimensions.maxLength * h);
  const inputNormGain = take(h);
  const inputNormBias = take(h);
  const blocks: SasrecBlockTensors[] = [];
  for (let l = 0; l < dimensions.blocks; l++) {
    blocks.push({
      qkvWeight: take(h * 3 * h),
      qkvBias: take(3 * h),
      outputWeight: take(h * h),
      outputBias: take(h),
      attentionNormGain: take(h),
      attentionNormBias: take(h),
      feedForwardWeight1: take(h * 4 * h),
      feedForwardBias1: take(4 * h),
      feedForwardWeight2: take(4 * h * h),
      feedForwardBias2: take(h),
      outputNormGain: take(h),
      outputNormBias: take(h),
    });
  }
  const maskEmbedding = dimensions.maskToken === true ? take(h) : undefined;
  const attributeEmbedding = (dimensions.attributes ?? 0) > 0 ? take((dimensions.attributes ?? 0) * h) : undefined;
  const featureProjection = (dimensions.features ?? 0) > 0 ? take((dimensions.features ?? 0) * h) : undefined;
  const featureGate = (dimensions.featureBlocks ?? 0) > 0 ? take(dimensions.featureBlocks ?? 0) : undefined;
  if (offset !== buffer.length) {
    throw new SampleForgeError('E_INTERNAL', `SASRec buffer has ${buffer.length} values, the layout needs ${offset}`);
  }
  return {
    buffer,
    itemEmbedding,
    positionEmbedding,
    inputNormGain,
    inputNormBias,
    blocks,
    ...(maskEmbedding === undefined ? {} : { maskEmbedding }),
    ...(attributeEmbedding === undefined ? {} : { attributeEmbedding }),
    ...(featureProjection === undefined ? {} : { featureProjection }),
    ...(featureGate === undefined ? {} : { featureGate }),
  };
}

/**
 * Fills parameters as ICLRec's `init_weights` does: embeddings and linear weights from N(0, 0.02^2),
 * biases 0, layer-norm gains 1 and biases 0. Draws in layout order from `rng`.
 */
export function initialiseSasrecParameters(tensors: SasrecTensors, rng: Rng, standardDeviation = 0.02): void {
  const normal = (view: Float32Array): void => {
    for (let i = 0; i < view.length; i++) view[i] = rng.normal() * standardDeviation;
  };
  normal(tensors.itemEmbedding);
  normal(tensors.positionEmbedding);
  tensors.inputNormGain.fill(1);
  tensors.inputNormBias.fill(0);
  for (const block of tensors.blocks) {
    normal(block.qkvWeight);
    block.qkvBias.fill(0);
    normal(block.outputWeight);
    block.outputBias.fill(0);
    block.attentionNormGain.fill(1);
    block.attentionNormBias.fill(0);
    normal(block.feedForwardWeight1);
    block.feedForwardBias1.fill(0);
    normal(block.feedForwardWeight2);
    block.feedForwardBias2.fill(0);
    block.outputNormGain.fill(1);
    block.outputNormBias.fill(0);
  }
  if (tensors.maskEmbedding !== undefined) normal(tensors.maskEmbedding);
  if (tensors.attributeEmbedding !== undefined) normal(tensors.attributeEmbedding);
  if (tensors.featureProjection !== undefined) normal(tensors.featureProjection);
  // Zero logits: every learned block weight starts at 1, the plain concatenation.
  tensors.featureGate?.fill(0);
}
