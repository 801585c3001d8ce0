/**
 * Item side features for SASRec, after S3-Rec's item attributes (Zhou et al., "S3-Rec:
 * Self-Supervised Learning for Sequential Recommendation with Mutual Information Maximization",
 * CIKM 2020): each item's representation is its own embedding plus the mean of its attributes'
 * embeddings, `e'_i = e_i + mean_{a in A(i)} g_a`. The fused table replaces the item table
 * everywhere SASRec reads it (the input tokens and, as the tables are tied, the scores), so an
 * item seen a few times in training borrows the attribute vectors that the popular items sharing
 * its brand and categories have trained. Fusion is a summed mean rather than S3-Rec's pre-training
 * objectives: a cheap first fusion that leaves the network untouched. The fused table itself
 * (attributes and item feature vectors together) is built in fused-item-table.ts.
 */
import { SampleForgeError } from '../../errors.js';

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

/** Adds the mean of each item's attribute embeddings into its row of `out` (rows `1..`; row 0, padding, is left alone). */
export function addAttributeMeans(out: Float32Array, attributeEmbedding: Float32Array, table: ItemAttributes, hidden: number): void {
  const rows = out.length / hidden;
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

/** Adds the gradient of item `item`'s fused row, `dRow`, into its attributes' embedding gradients (each gets its share of the mean). */
export function addAttributeGradient(dAttributeEmbedding: Float32Array, table: ItemAttributes, item: number, dRow: Float32Array, hidden: number): void {
  const start = table.offsets[item];
  const end = table.offsets[item + 1];
  if (end === start) return;
  const share = 1 / (end - start);
  for (let k = start; k < end; k++) {
    const target = table.attributes[k] * hidden;
    for (let j = 0; j < hidden; j++) dAttributeEmbedding[target + j] += share * dRow[j];
  }
}
