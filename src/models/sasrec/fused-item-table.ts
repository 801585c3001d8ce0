/**
 * SASRec's fused item table: `e'_i = e_i + mean_{a in A(i)} g_a + W f_i`, the item embedding plus
 * the item's side information, attributes (item-attributes.ts) and feature vectors
 * (item-features.ts), each optional. The network and the losses read and write the fused table in
 * place of the item table, for the input tokens and the tied output scores alike; `propagate`
 * sends its gradient back to the item table, the attribute table, the feature projection and the
 * block-weight logits.
 */
import { SampleForgeError } from '../../errors.js';
import { addAttributeGradient, addAttributeMeans, type ItemAttributes } from './item-attributes.js';
import { createItemFeatureProjection, type ItemFeatures } from './item-features.js';
import type { SasrecTensors } from './sasrec-parameters.js';

/** Side information of the items, each part optional. */
export interface ItemSides {
  /** Attribute lists (S3-Rec's item attributes), fused as the mean of their embeddings. */
  attributes?: ItemAttributes;
  /** Fused item feature vectors, projected by a learned `W`. */
  features?: ItemFeatures;
}

/** Whether `sides` holds anything to fuse. */
export function hasItemSides(sides: ItemSides): boolean {
  return sides.attributes !== undefined || sides.features !== undefined;
}

/** The fused item table of a parameter set and the gradient buffer the network and losses write into. */
export interface FusedItemTable {
  /** `parameters` with `itemEmbedding` replaced by the fused table. */
  parameters: SasrecTensors;
  /** `gradients` with `itemEmbedding` replaced by the fused table's gradient. */
  gradients: SasrecTensors;
  /** Recomputes the fused table from the current parameters; call before a forward pass. */
  fuse(): void;
  /** Adds the fused table's gradient into the gradients of the tables it was made from and zeroes it; call after the backward passes. */
  propagate(): void;
  /** The feature blocks' weights (learned or 1), in block order; empty without features. */
  featureWeights(): { name: string; weight: number }[];
}

/**
 * Wraps `parameters` and `gradients` (with the views `sides` needs: `attributeEmbedding`,
 * `featureProjection`, `featureGate`) so that the network and the losses see `e'_i`.
 */
export function createFusedItemTable(parameters: SasrecTensors, gradients: SasrecTensors, sides: ItemSides, hidden: number): FusedItemTable {
  const rows = parameters.itemEmbedding.length / hidden;
  const { attributes, features } = sides;
  if (attributes !== undefined) {
    const table = parameters.attributeEmbedding;
    if (table === undefined || gradients.attributeEmbedding === undefined || table.length !== attributes.numAttributes * hidden) {
      throw new SampleForgeError('E_INTERNAL', `item attributes: the parameters hold ${table === undefined ? 'no' : table.length / hidden} attribute rows, the table has ${attributes.numAttributes}`);
    }
    if (attributes.offsets.length !== rows + 1) {
      throw new SampleForgeError('E_INTERNAL', `item attributes: the table covers ${attributes.offsets.length - 2} items, the model ${rows - 1}`);
    }
  }
  if (features !== undefined) {
    const projection = parameters.featureProjection;
    if (projection === undefined || gradients.featureProjection === undefined || projection.length !== features.dim * hidden) {
      throw new SampleForgeError('E_INTERNAL', `item features: the parameters hold ${projection === undefined ? 'no' : projection.length / hidden} projection rows, the features have ${features.dim} columns`);
    }
    if (features.numItems !== rows - 1) throw new SampleForgeError('E_INTERNAL', `item features: the features cover ${features.numItems} items, the model ${rows - 1}`);
    if (features.learnedWeights && parameters.featureGate?.length !== features.blocks.length) {
      throw new SampleForgeError('E_INTERNAL', `item features: ${features.blocks.length} learned block weights, the parameters hold ${parameters.featureGate?.length ?? 0}`);
    }
  }
  const projection = features === undefined ? undefined : createItemFeatureProjection(features, hidden);
  const gate = features?.learnedWeights === true ? parameters.featureGate : undefined;
  const dGate = features?.learnedWeights === true ? gradients.featureGate : undefined;
  const fused = new Float32Array(parameters.itemEmbedding.length);
  const dFused = new Float32Array(parameters.itemEmbedding.length);
  const touched = new Int32Array(rows);
  return {
    parameters: { ...parameters, itemEmbedding: fused },
    gradients: { ...gradients, itemEmbedding: dFused },
    fuse() {
      fused.set(parameters.itemEmbedding);
      if (attributes !== undefined) addAttributeMeans(fused, parameters.attributeEmbedding as Float32Array, attributes, hidden);
      if (projection !== undefined) projection.addInto(fused, parameters.featureProjection as Float32Array, gate);
    },
    propagate() {
      // A BCE step touches a few thousand of the rows (inputs, targets, negatives): skipping the
      // untouched ones quarters the work on Beauty; a softmax step touches all and costs the same.
      const dItems = gradients.itemEmbedding;
      let count = 0;
      for (let item = 0; item < rows; item++) {
        const row = item * hidden;
        let isTouched = false;
        for (let j = 0; j < hidden && !isTouched; j++) isTouched = dFused[row + j] !== 0;
        if (!isTouched) continue;
        for (let j = 0; j < hidden; j++) dItems[row + j] += dFused[row + j];
        if (item === 0) continue;
        touched[count++] = item;
        if (attributes !== undefined) addAttributeGradient(gradients.attributeEmbedding as Float32Array, attributes, item, dFused.subarray(row, row + hidden), hidden);
      }
      if (projection !== undefined) projection.backward(dFused, touched, count, parameters.featureProjection as Float32Array, gate, gradients.featureProjection as Float32Array, dGate);
      for (let t = 0; t < count; t++) dFused.fill(0, touched[t] * hidden, (touched[t] + 1) * hidden);
      dFused.fill(0, 0, hidden);
    },
    featureWeights() {
      if (features === undefined || projection === undefined) return [];
      const weights = projection.weights(gate);
      return features.blocks.map((block, b) => ({ name: block.name, weight: weights[b] }));
    },
  };
}
