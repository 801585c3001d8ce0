/**
 * Item side features for SASRec, after S3-Rec's item attributes (Zhou et al., "S3-Rec:
 * Self-Supervised Learning for Sequential Recommendation with Mutual Information Maximization",
 * CIKM 2020): each item's representation is its own embedding plus the mean of its attributes'
 * embeddings, `e'_i = e_i + mean_{a in A(i)} g_a`. The fused table replaces the item table
 * everywhere SASRec reads it (the input tokens and, as the tables are tied, the scores), so an
 * item seen a few times in training borrows the attribute vectors that the popular items sharing
 * its brand and categories have trained. Fusion is a summed mean rather than S3-Rec's pre-training
 * objectives: a cheap first fusion that leaves the network untouched.
 */
import { SampleForgeError } from '../../errors.js';
import type { SasrecTensors } from './sasrec-parameters.js';

/** Attribute lists of items `0..numItems` in compressed rows: item i owns `attributes[offsets[i] .. offsets[i + 1])`. */
export interface ItemAttributes {
  /** Attribute ids are `0 .. numAttributes - 1`. */
  numAttributes: number;
  /** Length `numItems + 2`. */
  offsets: Int32Array;
  attributes: Int32Array;
}

/**
 * Packs per-item attribute lists (indexed by dense item id; entry 0, padding, is ignored) into
 * compressed rows, dropping repeats within a list; throws `E_DATA` on an id outside `0 .. numAttributes - 1`.
 */
export function createItemAttributes(numItems: number, numAttributes: number, lists: readonly (ArrayLike<number> | undefined)[]): ItemAttributes {
  const offsets = new Int32Array(numItems + 2);
  const packed: number[] = [];
  for (let item = 1; item <= numItems; item++) {
    offsets[item] = packed.length;
    const list = lists[item];
    const seen = new Set<number>();
    for (let k = 0; list !== undefined && k < list.length; k++) {
      const attribute = list[k];
      if (!Number.isInteger(attribute) || attribute < 0 || attribute >= numAttributes) {
        throw new SampleForgeError('E_DATA', `item ${item} has attribute id ${attribute}, outside 0..${numAttributes - 1}`, { details: { item, attribute, numAttributes } });
      }
      if (!seen.has(attribute)) {
        seen.add(attribute);
        packed.push(attribute);
      }
    }
  }
  offsets[numItems + 1] = packed.length;
  return { numAttributes, offsets, attributes: Int32Array.from(packed) };
}

/** Items (of `1..numItems`) that have at least one attribute. */
export function itemsWithAttributes(table: ItemAttributes): number {
  let count = 0;
  for (let item = 1; item + 1 < table.offsets.length; item++) if (table.offsets[item + 1] > table.offsets[item]) count++;
  return count;
}

/** The fused item table of a parameter set and the gradient buffer the network and losses write into. */
export interface FusedItemTable {
  /** `parameters` with `itemEmbedding` replaced by the fused table. */
  parameters: SasrecTensors;
  /** `gradients` with `itemEmbedding` replaced by the fused table's gradient. */
  gradients: SasrecTensors;
  /** Recomputes the fused table from the current parameters; call before a forward pass. */
  fuse(): void;
  /** Adds the fused table's gradient into the item and attribute embedding gradients and zeroes it; call after the backward passes. */
  propagate(): void;
}

/**
 * Wraps `parameters` and `gradients` (with `attributeEmbedding` views: dimensions with
 * `attributes`) so that the network and the losses see `e'_i`, and their gradients flow back to
 * `e_i` and `g_a`.
 */
export function createFusedItemTable(parameters: SasrecTensors, gradients: SasrecTensors, table: ItemAttributes, hidden: number): FusedItemTable {
  const attributeTable = parameters.attributeEmbedding;
  const dAttributeTable = gradients.attributeEmbedding;
  if (attributeTable === undefined || dAttributeTable === undefined || attributeTable.length !== table.numAttributes * hidden) {
    throw new SampleForgeError('E_INTERNAL', `item attributes: the parameters hold ${attributeTable === undefined ? 'no' : attributeTable.length / hidden} attribute rows, the table has ${table.numAttributes}`);
  }
  const rows = parameters.itemEmbedding.length / hidden;
  if (table.offsets.length !== rows + 1) {
    throw new SampleForgeError('E_INTERNAL', `item attributes: the table covers ${table.offsets.length - 2} items, the model ${rows - 1}`);
  }
  const fused = new Float32Array(parameters.itemEmbedding.length);
  const dFused = new Float32Array(parameters.itemEmbedding.length);
  return {
    parameters: { ...parameters, itemEmbedding: fused },
    gradients: { ...gradients, itemEmbedding: dFused },
    fuse() {
      fuseItemTable(parameters.itemEmbedding, attributeTable, table, hidden, fused);
    },
    propagate() {
      // A BCE step touches a few thousand of the rows (inputs, targets, negatives): skipping the
      // untouched ones quarters the work on Beauty; a softmax step touches all and costs the same.
      const dItems = gradients.itemEmbedding;
      for (let item = 0; item < rows; item++) {
        const row = item * hidden;
        let touched = false;
        for (let j = 0; j < hidden && !touched; j++) touched = dFused[row + j] !== 0;
        if (!touched) continue;
        for (let j = 0; j < hidden; j++) dItems[row + j] += dFused[row + j];
        const start = table.offsets[item];
        const end = table.offsets[item + 1];
        if (item > 0 && end > start) {
          const share = 1 / (end - start);
          for (let k = start; k < end; k++) {
            const target = table.attributes[k] * hidden;
            for (let j = 0; j < hidden; j++) dAttributeTable[target + j] += share * dFused[row + j];
          }
        }
        dFused.fill(0, row, row + hidden);
      }
    },
  };
}

/** Writes `e'_i = e_i + mean g_a` for every item into `out` (row 0, padding, stays `e_0`). */
export function fuseItemTable(itemEmbedding: Float32Array, attributeEmbedding: Float32Array, table: ItemAttributes, hidden: number, out: Float32Array): void {
  out.set(itemEmbedding);
  const rows = itemEmbedding.length / hidden;
  for (let item = 1; item < rows; item++) {
    const start = table.offsets[item];
    const end = table.offsets[item + 1];
    if (end === start) continue;
    const share = 1 / (end - start);
    const row = item * hidden;
    for (let k = start; k < end; k++) {
      const source = table.attributes[k] * hidden;
      for (let j = 0; j < hidden; j++) out[row + j] += share * attributeEmbedding[source + j];
    }
  }
}
