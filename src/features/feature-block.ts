/**
 * An item feature block: one dense `rows x dim` float32 matrix computed from the catalog's items
 * (row k belongs to the k-th item passed in), with a name, optional column names, facts worth
 * recording (vocabulary size, missing images, the embedding model) and non-fatal warnings.
 * Blocks are joined into one item feature vector by `fuseFeatures`.
 */
import { SampleForgeError, type Warning } from '../errors.js';

/** A dense feature matrix of the items, one row per item in input order. */
export interface FeatureBlock {
  /** Block name, also its key in fusion weights and run records, e.g. `tfidf`, `behaviour`. */
  readonly name: string;
  readonly rows: number;
  readonly dim: number;
  /** `rows x dim`, row-major. */
  readonly values: Float32Array;
  /** `dim` column names where columns mean something on their own (attribute tokens, behaviour statistics). */
  readonly columns?: readonly string[];
  /** Facts about how the block was built, recorded with the run (sizes, counts, model ids). */
  readonly info: Readonly<Record<string, number | string | boolean>>;
  readonly warnings: readonly Warning[];
}

/** Checks the shape and values of a block and returns it; throws `E_INTERNAL` on a malformed block. */
export function createFeatureBlock(block: FeatureBlock): FeatureBlock {
  if (!Number.isInteger(block.rows) || !Number.isInteger(block.dim) || block.rows < 0 || block.dim < 1 || block.values.length !== block.rows * block.dim) {
    throw new SampleForgeError('E_INTERNAL', `feature block ${block.name}: ${block.values.length} values for ${block.rows} rows x ${block.dim} columns`);
  }
  if (block.columns !== undefined && block.columns.length !== block.dim) {
    throw new SampleForgeError('E_INTERNAL', `feature block ${block.name}: ${block.columns.length} column names for ${block.dim} columns`);
  }
  for (let i = 0; i < block.values.length; i++) {
    if (!Number.isFinite(block.values[i])) {
      throw new SampleForgeError('E_DATA', `feature block ${block.name}: row ${Math.floor(i / block.dim)} holds ${block.values[i]}; features must be finite`, { details: { block: block.name, row: Math.floor(i / block.dim) } });
    }
  }
  return block;
}

/** Scales each row of `values` (`rows x dim`) to unit Euclidean length; zero rows stay zero. */
export function l2NormalizeRows(values: Float32Array, rows: number, dim: number): void {
  for (let row = 0, offset = 0; row < rows; row++, offset += dim) {
    let sum = 0;
    for (let j = 0; j < dim; j++) sum += values[offset + j] * values[offset + j];
    if (sum === 0) continue;
    const scale = 1 / Math.sqrt(sum);
    for (let j = 0; j < dim; j++) values[offset + j] *= scale;
  }
}

/** Scales each row of non-negative `values` to sum 1; zero rows stay zero. */
export function l1NormalizeRows(values: Float32Array, rows: number, dim: number): void {
  for (let row = 0, offset = 0; row < rows; row++, offset += dim) {
    let sum = 0;
    for (let j = 0; j < dim; j++) sum += Math.abs(values[offset + j]);
    if (sum === 0) continue;
    const scale = 1 / sum;
    for (let j = 0; j < dim; j++) values[offset + j] *= scale;
  }
}

/** Number of all-zero rows (items the block knows nothing about). */
export function countZeroRows(values: Float32Array, rows: number, dim: number): number {
  let zero = 0;
  for (let row = 0, offset = 0; row < rows; row++, offset += dim) {
    let empty = true;
    for (let j = 0; j < dim && empty; j++) empty = values[offset + j] === 0;
    if (empty) zero++;
  }
  return zero;
}
