/**
 * A trained SASRec as a `Recommender`: user vector = last hidden state, item vectors = item table
 * (fused with the item attributes and feature vectors when the model has them).
 */
import type { Embeddings, Recommender } from '../recommender.js';
import type { Activation } from '../kernels/activation.js';
import { gemm, transpose } from '../kernels/gemm.js';
import { SampleForgeError } from '../../errors.js';
import { createFusedItemTable, hasItemSides, type ItemSides } from './fused-item-table.js';
import { createSasrecBatch, packSasrecBatch } from './sasrec-batch.js';
import { createSasrecNetwork } from './sasrec-network.js';
import { createSasrecTensors, sasrecParameterCount, type SasrecDimensions } from './sasrec-parameters.js';

/** A SASRec recommender that also exposes its dimensions and weights (for checkpoints). */
export interface SasrecModel extends Recommender {
  readonly dimensions: SasrecDimensions;
  readonly activation: Activation;
  /** The flat parameter buffer (layout of `createSasrecTensors`); read-only by convention. */
  readonly parameters: Float32Array;
  /** `(numItems + 1) x hidden` item vectors the scores use: the item table, fused with attributes and features when there are any. */
  readonly itemVectors: Float32Array;
  /** The item feature blocks' weights (learned, or 1 when fixed), in block order; empty without item features. */
  readonly featureWeights: { name: string; weight: number }[];
  /** Final hidden state at the last position of each history (`histories.length x hidden`); zeros for an empty history. */
  encode(histories: readonly Int32Array[]): Float32Array;
  embed(users: Int32Array, histories: readonly Int32Array[]): Embeddings;
}

/** Histories encoded per forward pass when scoring; bounds the workspace at 256 x maxLength tokens. */
const ENCODE_CHUNK = 256;

/**
 * Wraps trained parameters (copied, so later training does not change the model) as a recommender.
 * Scores are dot products of the user vector with every item vector; column 0 (padding) is -Infinity.
 * A model trained with item attributes or features (`dimensions.attributes`, `dimensions.features`)
 * needs the same `sides`.
 */
export function createSasrecModel(dimensions: SasrecDimensions, parameters: Float32Array, activation: Activation = 'gelu', sides: ItemSides = {}): SasrecModel {
  const own = Float32Array.from(parameters);
  if (own.length !== sasrecParameterCount(dimensions)) {
    throw new RangeError(`createSasrecModel: ${own.length} parameters, the dimensions need ${sasrecParameterCount(dimensions)}`);
  }
  const plain = createSasrecTensors(dimensions, own);
  // Inference never calls backward; the gradient buffer only satisfies the engine's contract.
  const plainGradients = createSasrecTensors(dimensions, new Float32Array(own.length));
  let tensors = plain;
  let gradients = plainGradients;
  const itemAttributes = sides.attributes;
  if ((dimensions.attributes ?? 0) > 0 && (itemAttributes === undefined || itemAttributes.numAttributes !== dimensions.attributes)) {
    throw new SampleForgeError('E_USAGE', `this SASRec was trained with ${dimensions.attributes} item attributes; pass the same item-attribute table (got ${itemAttributes === undefined ? 'none' : `${itemAttributes.numAttributes} attributes`})`, {
      details: { attributes: dimensions.attributes },
    });
  }
  const itemFeatures = sides.features;
  if ((dimensions.features ?? 0) > 0 && (itemFeatures === undefined || itemFeatures.dim !== dimensions.features || (itemFeatures.learnedWeights ? itemFeatures.blocks.length : 0) !== (dimensions.featureBlocks ?? 0))) {
    throw new SampleForgeError('E_USAGE', `this SASRec was trained with ${dimensions.features}-column item features${(dimensions.featureBlocks ?? 0) > 0 ? ` in ${dimensions.featureBlocks} learned blocks` : ''}; pass the same item features (got ${itemFeatures === undefined ? 'none' : `${itemFeatures.dim} columns`})`, {
      details: { features: dimensions.features, featureBlocks: dimensions.featureBlocks },
    });
  }
  const used: ItemSides = {
    ...((dimensions.attributes ?? 0) > 0 ? { attributes: itemAttributes } : {}),
    ...((dimensions.features ?? 0) > 0 ? { features: itemFeatures } : {}),
  };
  let featureWeights: { name: string; weight: number }[] = [];
  if (hasItemSides(used)) {
    const fused = createFusedItemTable(plain, plainGradients, used, dimensions.hidden);
    fused.fuse();
    tensors = fused.parameters;
    gradients = fused.gradients;
    featureWeights = fused.featureWeights();
  }
  const network = createSasrecNetwork(dimensions, tensors, gradients, activation);
  const batch = createSasrecBatch();
  const h = dimensions.hidden;
  const rowWidth = dimensions.numItems + 1;
  let itemsTransposed: Float32Array | undefined;

  const encode = (histories: readonly Int32Array[]): Float32Array => {
    const users = new Float32Array(histories.length * h);
    for (let start = 0; start < histories.length; start += ENCODE_CHUNK) {
      const chunk: Int32Array[] = [];
      const owners: number[] = [];
      for (let u = start; u < Math.min(start + ENCODE_CHUNK, histories.length); u++) {
        if (histories[u].length === 0) continue;
        chunk.push(histories[u]);
        owners.push(u);
      }
      if (chunk.length === 0) continue;
      packSasrecBatch(chunk, dimensions.maxLength, batch);
      const hidden = network.forward(batch);
      for (let b = 0; b < chunk.length; b++) {
        const last = (batch.offsets[b + 1] - 1) * h;
        users.set(hidden.subarray(last, last + h), owners[b] * h);
      }
    }
    return users;
  };

  return {
    name: 'sasrec',
    numItems: dimensions.numItems,
    dimensions,
    activation,
    parameters: own,
    itemVectors: tensors.itemEmbedding,
    featureWeights,
    encode,
    embed(_users, histories) {
      return { dim: h, users: encode(histories), items: tensors.itemEmbedding };
    },
    scoreBatch(_users, histories, out) {
      if (itemsTransposed === undefined) {
        itemsTransposed = new Float32Array(h * rowWidth);
        transpose(tensors.itemEmbedding, itemsTransposed, rowWidth, h);
      }
      const users = encode(histories);
      gemm(users, itemsTransposed, out, histories.length, h, rowWidth);
      for (let u = 0; u < histories.length; u++) out[u * rowWidth] = -Infinity;
    },
  };
}
