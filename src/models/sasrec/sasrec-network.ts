/**
 * The SASRec network (Kang & McAuley 2018) as implemented in S3-Rec/ICLRec (post-norm blocks),
 * with hand-written forward and backward passes over ragged batches.
 *
 * Engine choice, from measurements on this 2-core machine: tfjs-wasm takes about 970 ms per Beauty
 * step against PyTorch's 140 ms (/work/shared/MEASURED.md), mostly in matrix products at 4
 * GFLOP/s and a dense embedding gradient. So the passes here are hand-written over Float32Array
 * workspaces, the matrix products run in a small WebAssembly SIMD kernel (kernels/gemm.ts), and
 * batches are ragged: on Beauty only 11.5 percent of the 50 left-padded positions are real items,
 * and only those are computed. `npx vite-node bench/sasrec/epoch.ts` printed 9.7 CPU seconds per
 * epoch for this engine against 108.9 for the same kernels on padded batches and 25.8 for ragged
 * batches with the portable JavaScript kernel. Position indices stay those of the left-padded
 * layout, so this is exactly SASRec: padding keys are masked with -10000 there, and exp(-10000)
 * is 0 in float32.
 *
 * Block (ICLRec `Layer`): qkv projection, causal multi-head attention with attention dropout,
 * output projection, dropout, residual, layer norm; feed-forward `hidden -> 4 hidden -> hidden`
 * with GELU or ReLU, dropout, residual, layer norm. Input: item + position embedding, layer norm,
 * dropout.
 */
import type { Rng } from '../../internal/rng.js';
import { accumulateBiasGradient, addBias, gemm, transpose } from '../kernels/gemm.js';
import { layerNormBackward, layerNormForward } from '../kernels/layer-norm.js';
import { activationForward, type Activation } from '../kernels/activation.js';
import { attentionProbabilityOffsets, causalAttentionBackward, causalAttentionForward, type AttentionShape } from '../kernels/causal-attention.js';
import type { SasrecDimensions, SasrecTensors } from './sasrec-parameters.js';

/** A ragged batch: sequence `b` owns tokens `offsets[b] .. offsets[b+1]`. */
export interface SasrecBatch {
  sequences: number;
  /** Length `sequences + 1`. */
  offsets: Int32Array;
  /** Item id of each token. */
  items: Int32Array;
  /** Position of each token in the left-padded layout (`maxLength - length + j`). */
  positions: Int32Array;
}

/** Dropout rates and their random source, for training passes. */
export interface SasrecDropout {
  /** Rate on the input and on both sub-layer outputs (ICLRec `hidden_dropout_prob`). */
  hidden: number;
  /** Rate on the attention probabilities (ICLRec `attention_probs_dropout_prob`). */
  attention: number;
  rng: Rng;
}

/** One forward/backward engine with its own preallocated workspace. */
export interface SasrecNetwork {
  /** Hidden states (`tokens x hidden`) of the last block; valid until the next `forward`. */
  forward(batch: SasrecBatch, dropout?: SasrecDropout): Float32Array;
  /** Accumulates parameter gradients from `dOutput` (`tokens x hidden`) of the last `forward`. */
  backward(dOutput: Float32Array): void;
}

interface BlockCache {
  input: Float32Array;
  qkv: Float32Array;
  probabilities: Float32Array;
  attentionMask: Float32Array;
  context: Float32Array;
  outputMask: Float32Array;
  attended: Float32Array;
  attentionNormalised: Float32Array;
  attentionInverseStd: Float32Array;
  activated: Float32Array;
  activationDerivative: Float32Array;
  feedForwardMask: Float32Array;
  outputNormalised: Float32Array;
  outputInverseStd: Float32Array;
}

/** Fills `mask` with 0 (probability `rate`) or `1 / (1 - rate)`. */
function fillDropoutMask(mask: Float32Array, length: number, rate: number, rng: Rng): void {
  const keep = 1 / (1 - rate);
  for (let i = 0; i < length; i++) mask[i] = rng.float() < rate ? 0 : keep;
}

function multiplyInPlace(values: Float32Array, mask: Float32Array, length: number): void {
  for (let i = 0; i < length; i++) values[i] *= mask[i];
}

/**
 * Creates a network engine over `parameters`, accumulating into `gradients` (same layout).
 * Workspaces grow to the largest batch seen and are reused; steady-state steps allocate nothing.
 */
export function createSasrecNetwork(
  dimensions: SasrecDimensions,
  parameters: SasrecTensors,
  gradients: SasrecTensors,
  activation: Activation = 'gelu',
): SasrecNetwork {
  const h = dimensions.hidden;
  const wide = 4 * h;
  // Without a mask row, id numItems + 1 is out of range like any other bad id (-1 never matches).
  const maskId = parameters.maskEmbedding === undefined ? -1 : dimensions.numItems + 1;
  const maskTable = parameters.maskEmbedding ?? new Float32Array(0);
  const dMask = gradients.maskEmbedding ?? new Float32Array(0);
  let tokenCapacity = 0;
  let probabilityCapacity = 0;
  let sequenceCapacity = 0;
  let embedded: Float32Array = new Float32Array(0);
  let inputNormalised: Float32Array = new Float32Array(0);
  let inputInverseStd: Float32Array = new Float32Array(0);
  let inputMask: Float32Array = new Float32Array(0);
  let output: Float32Array = new Float32Array(0);
  let scratchWide: Float32Array = new Float32Array(0);
  let delta: Float32Array = new Float32Array(0);
  let deltaBranch: Float32Array = new Float32Array(0);
  let deltaWide: Float32Array = new Float32Array(0);
  let deltaQkv: Float32Array = new Float32Array(0);
  let transposed: Float32Array = new Float32Array(0);
  let probabilityOffsets: Int32Array = new Int32Array(1);
  const weightTransposed = new Float32Array(wide * h);
  const attentionScratch = new Float32Array(Math.max(dimensions.maxLength, 1));
  let caches: BlockCache[] = [];
  let lastBatch: SasrecBatch | undefined;
  let hiddenDropout = false;
  let attentionDropout = false;
  const shape: AttentionShape = { offsets: new Int32Array(1), sequences: 0, width: h, heads: dimensions.heads };

  const ensureTokens = (tokens: number): void => {
    if (tokens <= tokenCapacity) return;
    const capacity = Math.max(tokens, Math.ceil(tokenCapacity * 1.5));
    tokenCapacity = capacity;
    const rows = (width: number): Float32Array => new Float32Array(capacity * width);
    embedded = rows(h);
    inputNormalised = rows(h);
    inputInverseStd = rows(1);
    inputMask = rows(h);
    output = rows(h);
    scratchWide = rows(wide);
    delta = rows(h);
    deltaBranch = rows(h);
    deltaWide = rows(wide);
    deltaQkv = rows(3 * h);
    transposed = rows(wide);
    caches = parameters.blocks.map((_, index) => ({
      input: rows(h),
      qkv: rows(3 * h),
      probabilities: caches[index]?.probabilities ?? new Float32Array(0),
      attentionMask: caches[index]?.attentionMask ?? new Float32Array(0),
      context: rows(h),
      outputMask: rows(h),
      attended: rows(h),
      attentionNormalised: rows(h),
      attentionInverseStd: rows(1),
      activated: rows(wide),
      activationDerivative: rows(wide),
      feedForwardMask: rows(h),
      outputNormalised: rows(h),
      outputInverseStd: rows(1),
    }));
  };

  const ensureProbabilities = (size: number): void => {
    if (size <= probabilityCapacity) return;
    probabilityCapacity = Math.max(size, Math.ceil(probabilityCapacity * 1.5));
    for (const cache of caches) {
      cache.probabilities = new Float32Array(probabilityCapacity);
      cache.attentionMask = new Float32Array(probabilityCapacity);
    }
  };

  const forward = (batch: SasrecBatch, dropout?: SasrecDropout): Float32Array => {
    const tokens = batch.offsets[batch.sequences];
    ensureTokens(tokens);
    if (batch.sequences + 1 > sequenceCapacity) {
      sequenceCapacity = batch.sequences + 1;
      probabilityOffsets = new Int32Array(sequenceCapacity);
    }
    shape.offsets = batch.offsets;
    shape.sequences = batch.sequences;
    const probabilityTotal = attentionProbabilityOffsets(shape, probabilityOffsets);
    ensureProbabilities(probabilityTotal);
    lastBatch = batch;
    hiddenDropout = dropout !== undefined && dropout.hidden > 0;
    attentionDropout = dropout !== undefined && dropout.attention > 0;
    const size = tokens * h;

    const items = parameters.itemEmbedding;
    const positionsTable = parameters.positionEmbedding;
    for (let t = 0, o = 0; t < tokens; t++, o += h) {
      const item = batch.items[t];
      // The mask token (id numItems + 1) reads its own row; the hot path stays one array.
      const table = item === maskId ? maskTable : items;
      const itemRow = item === maskId ? 0 : item * h;
      const positionRow = batch.positions[t] * h;
      for (let j = 0; j < h; j++) embedded[o + j] = table[itemRow + j] + positionsTable[positionRow + j];
    }
    const firstInput = caches.length > 0 ? caches[0].input : output;
    layerNormForward(embedded, parameters.inputNormGain, parameters.inputNormBias, firstInput, inputNormalised, inputInverseStd, tokens, h);
    if (hiddenDropout && dropout !== undefined) {
      fillDropoutMask(inputMask, size, dropout.hidden, dropout.rng);
      multiplyInPlace(firstInput, inputMask, size);
    }

    for (let l = 0; l < caches.length; l++) {
      const cache = caches[l];
      const tensors = parameters.blocks[l];
      const next = l + 1 < caches.length ? caches[l + 1].input : output;
      gemm(cache.input, tensors.qkvWeight, cache.qkv, tokens, h, 3 * h);
      addBias(cache.qkv, tensors.qkvBias, tokens, 3 * h);
      if (attentionDropout && dropout !== undefined) fillDropoutMask(cache.attentionMask, probabilityTotal, dropout.attention, dropout.rng);
      causalAttentionForward(shape, cache.qkv, probabilityOffsets, cache.probabilities, attentionDropout ? cache.attentionMask : undefined, cache.context);
      gemm(cache.context, tensors.outputWeight, cache.attended, tokens, h, h);
      addBias(cache.attended, tensors.outputBias, tokens, h);
      if (hiddenDropout && dropout !== undefined) {
        fillDropoutMask(cache.outputMask, size, dropout.hidden, dropout.rng);
        multiplyInPlace(cache.attended, cache.outputMask, size);
      }
      for (let i = 0; i < size; i++) cache.attended[i] += cache.input[i];
      layerNormForward(cache.attended, tensors.attentionNormGain, tensors.attentionNormBias, cache.attended, cache.attentionNormalised, cache.attentionInverseStd, tokens, h);
      gemm(cache.attended, tensors.feedForwardWeight1, scratchWide, tokens, h, wide);
      addBias(scratchWide, tensors.feedForwardBias1, tokens, wide);
      activationForward(activation, scratchWide, cache.activated, cache.activationDerivative, tokens * wide);
      gemm(cache.activated, tensors.feedForwardWeight2, next, tokens, wide, h);
      addBias(next, tensors.feedForwardBias2, tokens, h);
      if (hiddenDropout && dropout !== undefined) {
        fillDropoutMask(cache.feedForwardMask, size, dropout.hidden, dropout.rng);
        multiplyInPlace(next, cache.feedForwardMask, size);
      }
      for (let i = 0; i < size; i++) next[i] += cache.attended[i];
      layerNormForward(next, tensors.outputNormGain, tensors.outputNormBias, next, cache.outputNormalised, cache.outputInverseStd, tokens, h);
    }
    return output;
  };

  const backward = (dOutput: Float32Array): void => {
    const batch = lastBatch;
    if (batch === undefined) throw new Error('SasrecNetwork.backward called before forward');
    const tokens = batch.offsets[batch.sequences];
    const size = tokens * h;
    delta.set(dOutput.subarray(0, size));
    for (let l = caches.length - 1; l >= 0; l--) {
      const cache = caches[l];
      const tensors = parameters.blocks[l];
      const grads = gradients.blocks[l];
      // `attended` holds the attention sub-layer's layer-norm output, the feed-forward input.
      layerNormBackward(delta, tensors.outputNormGain, cache.outputNormalised, cache.outputInverseStd, delta, grads.outputNormGain, grads.outputNormBias, tokens, h);
      deltaBranch.set(delta.subarray(0, size));
      if (hiddenDropout) multiplyInPlace(deltaBranch, cache.feedForwardMask, size);
      accumulateBiasGradient(deltaBranch, grads.feedForwardBias2, tokens, h);
      transpose(cache.activated, transposed, tokens, wide);
      gemm(transposed, deltaBranch, grads.feedForwardWeight2, wide, tokens, h, true);
      transpose(tensors.feedForwardWeight2, weightTransposed, wide, h);
      gemm(deltaBranch, weightTransposed, deltaWide, tokens, h, wide);
      multiplyInPlace(deltaWide, cache.activationDerivative, tokens * wide);
      accumulateBiasGradient(deltaWide, grads.feedForwardBias1, tokens, wide);
      transpose(cache.attended, transposed, tokens, h);
      gemm(transposed, deltaWide, grads.feedForwardWeight1, h, tokens, wide, true);
      transpose(tensors.feedForwardWeight1, weightTransposed, h, wide);
      gemm(deltaWide, weightTransposed, delta, tokens, wide, h, true);

      layerNormBackward(delta, tensors.attentionNormGain, cache.attentionNormalised, cache.attentionInverseStd, delta, grads.attentionNormGain, grads.attentionNormBias, tokens, h);
      deltaBranch.set(delta.subarray(0, size));
      if (hiddenDropout) multiplyInPlace(deltaBranch, cache.outputMask, size);
      accumulateBiasGradient(deltaBranch, grads.outputBias, tokens, h);
      transpose(cache.context, transposed, tokens, h);
      gemm(transposed, deltaBranch, grads.outputWeight, h, tokens, h, true);
      transpose(tensors.outputWeight, weightTransposed, h, h);
      gemm(deltaBranch, weightTransposed, scratchWide, tokens, h, h);
      causalAttentionBackward(shape, cache.qkv, probabilityOffsets, cache.probabilities, attentionDropout ? cache.attentionMask : undefined, scratchWide, deltaQkv, attentionScratch);
      accumulateBiasGradient(deltaQkv, grads.qkvBias, tokens, 3 * h);
      transpose(cache.input, transposed, tokens, h);
      gemm(transposed, deltaQkv, grads.qkvWeight, h, tokens, 3 * h, true);
      transpose(tensors.qkvWeight, weightTransposed, h, 3 * h);
      gemm(deltaQkv, weightTransposed, delta, tokens, 3 * h, h, true);
    }
    if (hiddenDropout) multiplyInPlace(delta, inputMask, size);
    layerNormBackward(delta, parameters.inputNormGain, inputNormalised, inputInverseStd, delta, gradients.inputNormGain, gradients.inputNormBias, tokens, h);
    const dItems = gradients.itemEmbedding;
    const dPositions = gradients.positionEmbedding;
    for (let t = 0, o = 0; t < tokens; t++, o += h) {
      const item = batch.items[t];
      const table = item === maskId ? dMask : dItems;
      const itemRow = item === maskId ? 0 : item * h;
      const positionRow = batch.positions[t] * h;
      for (let j = 0; j < h; j++) {
        table[itemRow + j] += delta[o + j];
        dPositions[positionRow + j] += delta[o + j];
      }
    }
  };

  return { forward, backward };
}
