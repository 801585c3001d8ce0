/**
 * Fusion of item feature blocks into one vector per item.
 *
 * Both methods first standardise each block (unless `standardize: false`): every column is
 * centred on its mean over the items, and the block is divided by its root-mean-square row norm
 * around that mean, `sqrt(mean_i ||x_i - mu||^2)`. Each block then carries the same total variance
 * (1) whatever its width or scale: a 637-column multi-hot block and a 3-column behaviour block
 * weigh the same by default. Scaling the block as a whole, rather than each column to unit
 * variance, keeps the relative scale of its columns, so a rare attribute stays small instead of
 * being blown up to `1 / sqrt(p)`.
 *
 * - `concatenate`: the standardised blocks side by side, each multiplied by its fixed weight
 *   (`weights[name]`, 1 when absent).
 * - `learned`: the same matrix, marked with its block boundaries; the model that consumes it
 *   learns one scalar per block jointly with its own parameters, as softmax-normalised weights
 *   scaled by the number of blocks, `alpha = B * softmax(a)` (see `softmaxBlockWeights`), so
 *   the logits' initial value 0 gives exactly the concatenation. SASRec does this with
 *   `itemFeatures.learnedWeights`; `applyBlockWeights` turns learned weights into a matrix.
 */
import { SampleForgeError, type Warning } from '../../errors.js';
import type { FeatureBlock } from '../feature-block.js';

/** How blocks are joined. */
export type FusionMethod = 'concatenate' | 'learned';

/** Where a block sits in the fused matrix and how it was scaled. */
export interface FusedBlock {
  name: string;
  /** First column of the block. */
  offset: number;
  dim: number;
  /** The fixed weight it was multiplied by. */
  weight: number;
  /** `1 / rms row norm` of standardisation (1 without it; 0 for a constant block). */
  scale: number;
}

/** The fused item features. */
export interface FusedFeatures {
  rows: number;
  dim: number;
  /** `rows x dim`, row-major. */
  values: Float32Array;
  fusion: FusionMethod;
  blocks: FusedBlock[];
  /** The blocks' warnings and fusion's own (a constant block). */
  warnings: Warning[];
}

/** Options of {@link fuseFeatures}. */
export interface FuseFeaturesOptions {
  /** 'concatenate' or 'learned' ('concatenate'). */
  fusion?: FusionMethod;
  /** Fixed weight per block name (1 each). */
  weights?: Readonly<Record<string, number>>;
  /** Centre columns and scale each block to unit RMS norm (true). */
  standardize?: boolean;
}

/** Joins `blocks` (same rows, distinct names) into one matrix; see the module doc. */
export function fuseFeatures(blocks: readonly FeatureBlock[], options: FuseFeaturesOptions = {}): FusedFeatures {
  if (blocks.length === 0) throw new SampleForgeError('E_USAGE', 'fuseFeatures: give at least one feature block');
  const rows = blocks[0].rows;
  const names = new Set<string>();
  for (const block of blocks) {
    if (block.rows !== rows) throw new SampleForgeError('E_USAGE', `fuseFeatures: block ${block.name} has ${block.rows} rows, block ${blocks[0].name} ${rows}; every block must describe the same items`);
    if (names.has(block.name)) throw new SampleForgeError('E_USAGE', `fuseFeatures: two blocks are named ${block.name}; give each block once`);
    names.add(block.name);
  }
  const weights = options.weights ?? {};
  for (const [name, weight] of Object.entries(weights)) {
    if (!names.has(name)) throw new SampleForgeError('E_USAGE', `fuseFeatures: a weight for block ${name}, which is not among the blocks (${[...names].join(', ')})`);
    if (!Number.isFinite(weight) || weight < 0) throw new SampleForgeError('E_USAGE', `fuseFeatures: weight of ${name} must be a finite number >= 0, got ${weight}`);
  }
  const standardize = options.standardize ?? true;
  const dim = blocks.reduce((sum, block) => sum + block.dim, 0);
  const values = new Float32Array(rows * dim);
  const fused: FusedBlock[] = [];
  const warnings: Warning[] = blocks.flatMap((block) => block.warnings);
  let offset = 0;
  for (const block of blocks) {
    const weight = weights[block.name] ?? 1;
    const mean = new Float64Array(block.dim);
    let scale = 1;
    if (standardize && rows > 0) {
      for (let row = 0; row < rows; row++) for (let j = 0; j < block.dim; j++) mean[j] += block.values[row * block.dim + j];
      for (let j = 0; j < block.dim; j++) mean[j] /= rows;
      let squares = 0;
      for (let row = 0; row < rows; row++) {
        for (let j = 0; j < block.dim; j++) {
          const centred = block.values[row * block.dim + j] - mean[j];
          squares += centred * centred;
        }
      }
      const rms = Math.sqrt(squares / rows);
      scale = rms > 0 ? 1 / rms : 0;
      if (rms === 0) warnings.push({ code: 'W_FEATURE_CONSTANT', message: `feature block ${block.name} is the same for every item; it carries no information and fuses as zeros`, details: { block: block.name } });
    }
    const factor = weight * scale;
    for (let row = 0; row < rows; row++) {
      const source = row * block.dim;
      const target = row * dim + offset;
      for (let j = 0; j < block.dim; j++) values[target + j] = (block.values[source + j] - mean[j]) * factor;
    }
    fused.push({ name: block.name, offset, dim: block.dim, weight, scale });
    offset += block.dim;
  }
  return { rows, dim, values, fusion: options.fusion ?? 'concatenate', blocks: fused, warnings };
}

/** Learned-fusion block weights from their logits: `B * softmax(logits)`, so zero logits give weight 1 each. */
export function softmaxBlockWeights(logits: ArrayLike<number>): Float64Array {
  const count = logits.length;
  let max = -Infinity;
  for (let b = 0; b < count; b++) max = Math.max(max, logits[b]);
  const out = new Float64Array(count);
  let sum = 0;
  for (let b = 0; b < count; b++) {
    out[b] = Math.exp(logits[b] - max);
    sum += out[b];
  }
  for (let b = 0; b < count; b++) out[b] = (count * out[b]) / sum;
  return out;
}

/** The fused matrix with each block multiplied by `blockWeights[b]` (e.g. weights a model learned). */
export function applyBlockWeights(features: FusedFeatures, blockWeights: ArrayLike<number>): Float32Array {
  if (blockWeights.length !== features.blocks.length) {
    throw new SampleForgeError('E_USAGE', `applyBlockWeights: ${blockWeights.length} weights for ${features.blocks.length} blocks`);
  }
  const out = Float32Array.from(features.values);
  for (const [b, block] of features.blocks.entries()) {
    for (let row = 0; row < features.rows; row++) {
      const start = row * features.dim + block.offset;
      for (let j = 0; j < block.dim; j++) out[start + j] *= blockWeights[b];
    }
  }
  return out;
}
