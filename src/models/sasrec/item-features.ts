/**
 * Item feature vectors projected into SASRec's item representation: `e'_i = e_i + (attribute
 * mean) + W f_i`, where `f_i` is the item's fused feature vector (text, image, attribute and
 * behaviour blocks, see features/) and `W` a learned `features x hidden` projection. With learned
 * block weights, `W f_i = sum_b alpha_b W_b f_i^b` with `alpha = B * softmax(a)` and one logit
 * `a_b` per block learned with the rest of the model. Like the attribute mean, the term enters the
 * fused item table, which the input tokens and the tied output scores both read, so an item with
 * few interactions borrows what `W` learned from the items whose features it shares.
 *
 * Kernels: each block's matrix is stored as per-column constants plus a residual, `X = 1 c^T + R`,
 * with `c_j` the value most items hold in column j (when over half do, else 0). A standardised
 * multi-hot block is centred, so every entry is non-zero, but its residual is as sparse as the
 * multi-hot itself; sparse residuals use compressed rows, dense ones (text, embeddings, images)
 * the matrix kernel. Forward: `alpha_b (c_b^T W_b + R_b W_b)` for all items, the constant rows of
 * all blocks added in one pass; backward, over the items whose fused row has a gradient (a BCE
 * step touches a few thousand of Beauty's 12,101): `dW_b += alpha_b X_b^T dE'` and
 * `dalpha_b = sum_i <dE'_i, X_b,i W_b>`, the constant part from the summed gradient rows.
 */
import { SampleForgeError } from '../../errors.js';
import { gemm, transpose } from '../kernels/gemm.js';

/** A block's columns `offset .. offset + dim - 1` of the feature vectors. */
export interface ItemFeatureBlockRange {
  name: string;
  offset: number;
  dim: number;
}

/** Feature vectors of items `1..numItems`. */
export interface ItemFeatures {
  numItems: number;
  dim: number;
  /** `numItems x dim`, row-major; row k belongs to item k + 1 (there is no padding row). */
  values: Float32Array;
  /** Column ranges of the blocks, in order, covering all columns. */
  blocks: ItemFeatureBlockRange[];
  /** Learn one softmax-normalised weight per block (else the blocks keep their fixed fusion weights). */
  learnedWeights: boolean;
}

/**
 * Checks and packs feature vectors for SASRec: `values` holds `numItems x dim` finite numbers,
 * row k for item k + 1. `blocks` defaults to one block over all columns.
 */
export function createItemFeatures(numItems: number, dim: number, values: Float32Array, options: { blocks?: readonly ItemFeatureBlockRange[]; learnedWeights?: boolean } = {}): ItemFeatures {
  if (!Number.isInteger(dim) || dim < 1 || values.length !== numItems * dim) {
    throw new SampleForgeError('E_USAGE', `item features: ${values.length} values for ${numItems} items x ${dim} columns`, { details: { numItems, dim, values: values.length } });
  }
  const blocks = options.blocks === undefined ? [{ name: 'features', offset: 0, dim }] : options.blocks.map((block) => ({ ...block }));
  let offset = 0;
  for (const block of blocks) {
    if (block.offset !== offset || !Number.isInteger(block.dim) || block.dim < 1) {
      throw new SampleForgeError('E_USAGE', `item features: block ${block.name} covers columns ${block.offset}..${block.offset + block.dim - 1}; blocks must cover 0..${dim - 1} in order without gaps`);
    }
    offset += block.dim;
  }
  if (offset !== dim) throw new SampleForgeError('E_USAGE', `item features: the blocks cover ${offset} of ${dim} columns`);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new SampleForgeError('E_DATA', `item features: item ${Math.floor(i / dim) + 1} holds ${values[i]}; features must be finite`);
  }
  return { numItems, dim, values, blocks, learnedWeights: options.learnedWeights ?? false };
}

/** A position-weighted sum of the feature values, for checkpoint fingerprints: resuming with other features is refused. */
export function itemFeaturesChecksum(features: ItemFeatures): number {
  let sum = 0;
  for (let i = 0; i < features.values.length; i++) sum += features.values[i] * ((i % 7) + 1);
  return sum;
}

interface BlockMatrix {
  offset: number;
  dim: number;
  constants: Float32Array;
  hasConstants: boolean;
  /** Compressed rows of the residual (sparse blocks). */
  rowStart?: Int32Array;
  columns?: Int32Array;
  entries?: Float32Array;
  /** The residual as a dense `numItems x dim` matrix (dense blocks). */
  dense?: Float32Array;
  /** `c^T W_b` of the last forward pass. */
  constantRow: Float32Array;
  /** `numItems x hidden`: `R W_b` of the last forward pass (dense blocks only). */
  projected: Float32Array;
}

/** Residuals at most this dense use compressed rows. */
const SPARSE_DENSITY = 0.25;

/** The value over half of `column` holds (Boyer-Moore majority vote), else 0. */
function majority(values: Float32Array, rows: number, dim: number, column: number): number {
  let candidate = 0;
  let count = 0;
  for (let row = 0; row < rows; row++) {
    const value = values[row * dim + column];
    if (count === 0) {
      candidate = value;
      count = 1;
    } else if (value === candidate) count++;
    else count--;
  }
  let occurrences = 0;
  for (let row = 0; row < rows; row++) if (values[row * dim + column] === candidate) occurrences++;
  return occurrences * 2 > rows ? candidate : 0;
}

function packBlock(features: ItemFeatures, block: ItemFeatureBlockRange, hidden: number): BlockMatrix {
  const { numItems: rows, dim: width, values } = features;
  const constants = new Float32Array(block.dim);
  for (let j = 0; j < block.dim; j++) constants[j] = majority(values, rows, width, block.offset + j);
  let nonZero = 0;
  for (let row = 0; row < rows; row++) {
    for (let j = 0; j < block.dim; j++) if (values[row * width + block.offset + j] !== constants[j]) nonZero++;
  }
  const dense = nonZero > SPARSE_DENSITY * rows * block.dim;
  const matrix: BlockMatrix = {
    offset: block.offset,
    dim: block.dim,
    constants,
    hasConstants: constants.some((value) => value !== 0),
    constantRow: new Float32Array(hidden),
    projected: new Float32Array(dense ? rows * hidden : 0),
  };
  if (!dense) {
    const rowStart = new Int32Array(rows + 1);
    const columns = new Int32Array(nonZero);
    const entries = new Float32Array(nonZero);
    let cursor = 0;
    for (let row = 0; row < rows; row++) {
      rowStart[row] = cursor;
      for (let j = 0; j < block.dim; j++) {
        const value = values[row * width + block.offset + j];
        if (value === constants[j]) continue;
        columns[cursor] = j;
        entries[cursor++] = value - constants[j];
      }
    }
    rowStart[rows] = cursor;
    return { ...matrix, rowStart, columns, entries };
  }
  const residual = new Float32Array(rows * block.dim);
  for (let row = 0; row < rows; row++) {
    for (let j = 0; j < block.dim; j++) residual[row * block.dim + j] = values[row * width + block.offset + j] - constants[j];
  }
  return { ...matrix, dense: residual };
}

/** The feature term of the fused item table, bound to one feature set. */
export interface ItemFeatureProjection {
  /** The kernel each block uses: 'sparse' (compressed-row residual) or 'dense' (matrix kernel). */
  readonly kernels: readonly ('sparse' | 'dense')[];
  /** The block weights `alpha` for the gate logits (1 each without learned weights). */
  weights(gate: Float32Array | undefined): Float64Array;
  /** Adds `W f_i` (with block weights) into rows `1..numItems` of the `(numItems + 1) x hidden` table `out`. */
  addInto(out: Float32Array, projection: Float32Array, gate: Float32Array | undefined): void;
  /**
   * Accumulates the gradients of the projection and the gate logits from `dOut`, the gradient of
   * the fused table, reading only the rows `touched[0 .. count - 1]` (item ids; the others must be zero).
   * Uses the projections of the last `addInto`, so the projection must not change in between.
   */
  backward(dOut: Float32Array, touched: Int32Array, count: number, projection: Float32Array, gate: Float32Array | undefined, dProjection: Float32Array, dGate: Float32Array | undefined): void;
}

/** Packs `features` for a model of width `hidden`; see the module doc for the kernels. */
export function createItemFeatureProjection(features: ItemFeatures, hidden: number): ItemFeatureProjection {
  const rows = features.numItems;
  const h = hidden;
  const blocks = features.blocks.map((block) => packBlock(features, block, hidden));
  const constantTotal = new Float32Array(h);
  const gradientSum = new Float32Array(h);
  let gathered = new Float32Array(0);
  let gatheredTransposed = new Float32Array(0);
  let scaledGradient = new Float32Array(0);

  const weights = (gate: Float32Array | undefined): Float64Array => {
    const out = new Float64Array(blocks.length).fill(1);
    if (!features.learnedWeights || gate === undefined) return out;
    let max = -Infinity;
    for (let b = 0; b < blocks.length; b++) max = Math.max(max, gate[b]);
    let sum = 0;
    for (let b = 0; b < blocks.length; b++) {
      out[b] = Math.exp(gate[b] - max);
      sum += out[b];
    }
    for (let b = 0; b < blocks.length; b++) out[b] = (blocks.length * out[b]) / sum;
    return out;
  };

  return {
    kernels: blocks.map((block) => (block.dense === undefined ? 'sparse' : 'dense')),
    weights,
    addInto(out, projection, gate) {
      const alpha = weights(gate);
      // The constant parts of all blocks are one row, added to every item in one pass.
      constantTotal.fill(0);
      let anyConstant = false;
      for (const [b, block] of blocks.entries()) {
        const v = block.constantRow;
        v.fill(0);
        if (!block.hasConstants) continue;
        anyConstant = true;
        for (let k = 0; k < block.dim; k++) {
          const value = block.constants[k];
          if (value === 0) continue;
          const source = (block.offset + k) * h;
          for (let j = 0; j < h; j++) v[j] += value * projection[source + j];
        }
        for (let j = 0; j < h; j++) constantTotal[j] += alpha[b] * v[j];
      }
      if (anyConstant) for (let row = 1; row <= rows; row++) for (let j = 0; j < h; j++) out[row * h + j] += constantTotal[j];
      for (const [b, block] of blocks.entries()) {
        const w = projection.subarray(block.offset * h, (block.offset + block.dim) * h);
        const a = alpha[b];
        if (block.dense !== undefined) {
          const q = block.projected;
          gemm(block.dense, w, q, rows, block.dim, h);
          for (let row = 0; row < rows; row++) {
            const target = (row + 1) * h;
            const source = row * h;
            for (let j = 0; j < h; j++) out[target + j] += a * q[source + j];
          }
          continue;
        }
        const { rowStart, columns, entries } = block as Required<BlockMatrix>;
        for (let row = 0; row < rows; row++) {
          const target = (row + 1) * h;
          for (let k = rowStart[row]; k < rowStart[row + 1]; k++) {
            const source = columns[k] * h;
            const value = a * entries[k];
            for (let j = 0; j < h; j++) out[target + j] += value * w[source + j];
          }
        }
      }
    },
    backward(dOut, touched, count, projection, gate, dProjection, dGate) {
      const alpha = weights(gate);
      const learned = dGate !== undefined && features.learnedWeights;
      gradientSum.fill(0);
      for (let t = 0; t < count; t++) {
        const row = touched[t] * h;
        for (let j = 0; j < h; j++) gradientSum[j] += dOut[row + j];
      }
      // dL/dalpha_b = sum_i <dE'_i, c^T W_b + R_b,i W_b>, the constant part summed once.
      const blockGradient = new Float64Array(blocks.length);
      for (const [b, block] of blocks.entries()) {
        const a = alpha[b];
        const w = projection.subarray(block.offset * h, (block.offset + block.dim) * h);
        const dW = dProjection.subarray(block.offset * h, (block.offset + block.dim) * h);
        if (learned && block.hasConstants) {
          let sum = 0;
          for (let j = 0; j < h; j++) sum += gradientSum[j] * block.constantRow[j];
          blockGradient[b] += sum;
        }
        if (block.hasConstants) {
          for (let k = 0; k < block.dim; k++) {
            const value = a * block.constants[k];
            if (value === 0) continue;
            for (let j = 0; j < h; j++) dW[k * h + j] += value * gradientSum[j];
          }
        }
        if (block.dense !== undefined) {
          if (learned) {
            let sum = 0;
            for (let t = 0; t < count; t++) {
              const item = touched[t];
              const source = (item - 1) * h;
              const row = item * h;
              for (let j = 0; j < h; j++) sum += dOut[row + j] * block.projected[source + j];
            }
            blockGradient[b] += sum;
          }
          // dW_b += alpha_b R_T^T dE'_T over the touched items only (a BCE step touches a few thousand).
          if (gathered.length < count * block.dim) gathered = new Float32Array(count * block.dim);
          if (gatheredTransposed.length < count * block.dim) gatheredTransposed = new Float32Array(count * block.dim);
          if (scaledGradient.length < count * h) scaledGradient = new Float32Array(count * h);
          for (let t = 0; t < count; t++) {
            const item = touched[t];
            gathered.set(block.dense.subarray((item - 1) * block.dim, item * block.dim), t * block.dim);
            for (let j = 0; j < h; j++) scaledGradient[t * h + j] = a * dOut[item * h + j];
          }
          transpose(gathered, gatheredTransposed, count, block.dim);
          gemm(gatheredTransposed, scaledGradient, dW, block.dim, count, h, true);
          continue;
        }
        const { rowStart, columns, entries } = block as Required<BlockMatrix>;
        let sum = 0;
        for (let t = 0; t < count; t++) {
          const item = touched[t];
          const row = item * h;
          for (let k = rowStart[item - 1]; k < rowStart[item]; k++) {
            const target = columns[k] * h;
            const value = entries[k];
            const scaled = a * value;
            for (let j = 0; j < h; j++) dW[target + j] += scaled * dOut[row + j];
            if (learned) for (let j = 0; j < h; j++) sum += value * dOut[row + j] * w[target + j];
          }
        }
        blockGradient[b] += sum;
      }
      if (learned) {
        // alpha = B softmax(a): dL/da_c = alpha_c (g_c - sum_b (alpha_b / B) g_b).
        let mean = 0;
        for (let b = 0; b < blocks.length; b++) mean += (alpha[b] / blocks.length) * blockGradient[b];
        for (let b = 0; b < blocks.length; b++) (dGate as Float32Array)[b] += alpha[b] * (blockGradient[b] - mean);
      }
    },
  };
}
