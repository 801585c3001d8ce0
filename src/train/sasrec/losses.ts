/**
 * Training losses for SASRec over ragged hidden states (`tokens x hidden`), each returning the loss
 * and writing its gradients (hidden states: overwritten; item table: accumulated).
 */
import { gemm, transpose } from '../../models/kernels/gemm.js';

/** Item table and shapes the losses score against. */
export interface ScoringTable {
  /** `(numItems + 1) x hidden`; row 0 is padding and is never a target or a candidate. */
  itemEmbedding: Float32Array;
  /** Gradient buffer of the same shape, accumulated into. */
  itemGradient: Float32Array;
  numItems: number;
  hidden: number;
}

const softplus = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * Binary cross-entropy with sampled negatives, averaged over target positions (S3-Rec/ICLRec
 * `cross_entropy`): `-log sigmoid(h.e_pos) - sum_k log(1 - sigmoid(h.e_neg_k))`. `negatives` holds
 * `negativesPerTarget` ids per token. With `tokenWeights` (sample weights, e.g. importance weights
 * of synthetic sequences) the mean is weighted: `sum_t w_t l_t / sum_t w_t`; absent = all 1.
 */
export function binaryCrossEntropyLoss(
  hidden: Float32Array,
  tokens: number,
  targets: Int32Array,
  negatives: Int32Array,
  negativesPerTarget: number,
  table: ScoringTable,
  dHidden: Float32Array,
  tokenWeights?: Float32Array,
): number {
  const h = table.hidden;
  const items = table.itemEmbedding;
  const dItems = table.itemGradient;
  const scale = 1 / weightTotal(tokens, tokenWeights);
  let loss = 0;
  for (let t = 0, o = 0; t < tokens; t++, o += h) {
    for (let j = 0; j < h; j++) dHidden[o + j] = 0;
    const weight = tokenWeights === undefined ? 1 : tokenWeights[t];
    if (weight === 0) continue;
    for (let k = -1; k < negativesPerTarget; k++) {
      const item = k < 0 ? targets[t] : negatives[t * negativesPerTarget + k];
      const row = item * h;
      let score = 0;
      for (let j = 0; j < h; j++) score += hidden[o + j] * items[row + j];
      // d/ds of -log sigmoid(s) is sigmoid(s) - 1; of -log(1 - sigmoid(s)) it is sigmoid(s).
      const coefficient = (k < 0 ? sigmoid(score) - 1 : sigmoid(score)) * scale * weight;
      loss += (k < 0 ? softplus(-score) : softplus(score)) * weight;
      for (let j = 0; j < h; j++) {
        dHidden[o + j] += coefficient * items[row + j];
        dItems[row + j] += coefficient * hidden[o + j];
      }
    }
  }
  return loss * scale;
}

/** The denominator of a weighted mean over `tokens` positions: their count, or their weights' sum (1 when that is 0). */
function weightTotal(tokens: number, tokenWeights: Float32Array | undefined): number {
  if (tokenWeights === undefined) return tokens;
  let total = 0;
  for (let t = 0; t < tokens; t++) total += tokenWeights[t];
  return total > 0 ? total : 1;
}

/** Workspace for the full softmax loss; grows with the batch. */
export interface SoftmaxWorkspace {
  logits: Float32Array;
  itemsTransposed: Float32Array;
  hiddenTransposed: Float32Array;
  gradientTransposed: Float32Array;
}

/** An empty workspace for `softmaxCrossEntropyLoss`. */
export function createSoftmaxWorkspace(): SoftmaxWorkspace {
  return { logits: new Float32Array(0), itemsTransposed: new Float32Array(0), hiddenTransposed: new Float32Array(0), gradientTransposed: new Float32Array(0) };
}

/**
 * Full softmax cross-entropy over all items `1..numItems` (padding excluded), averaged over target
 * positions, as in BERT4Rec/gSASRec-style training. Costs `3 * tokens * numItems * hidden`
 * multiply-adds per step. `tokenWeights` weight the mean as in {@link binaryCrossEntropyLoss}.
 */
export function softmaxCrossEntropyLoss(
  hidden: Float32Array,
  tokens: number,
  targets: Int32Array,
  table: ScoringTable,
  dHidden: Float32Array,
  workspace: SoftmaxWorkspace,
  tokenWeights?: Float32Array,
): number {
  const h = table.hidden;
  const width = table.numItems + 1;
  if (workspace.logits.length < tokens * width) workspace.logits = new Float32Array(tokens * width);
  if (workspace.itemsTransposed.length < h * width) {
    workspace.itemsTransposed = new Float32Array(h * width);
    workspace.gradientTransposed = new Float32Array(h * width);
  }
  if (workspace.hiddenTransposed.length < h * tokens) workspace.hiddenTransposed = new Float32Array(h * tokens);
  const { logits, itemsTransposed, hiddenTransposed, gradientTransposed } = workspace;
  transpose(table.itemEmbedding, itemsTransposed, width, h);
  gemm(hidden, itemsTransposed, logits, tokens, h, width);
  const total = 1 / weightTotal(tokens, tokenWeights);
  let loss = 0;
  for (let t = 0; t < tokens; t++) {
    const row = t * width;
    const weight = tokenWeights === undefined ? 1 : tokenWeights[t];
    const scale = total * weight;
    const target = targets[t];
    const targetLogit = logits[row + target];
    let max = -Infinity;
    for (let i = 1; i < width; i++) if (logits[row + i] > max) max = logits[row + i];
    let sum = 0;
    for (let i = 1; i < width; i++) {
      const e = Math.exp(logits[row + i] - max);
      logits[row + i] = e;
      sum += e;
    }
    loss += (Math.log(sum) + max - targetLogit) * weight;
    const inv = scale / sum;
    logits[row] = 0;
    for (let i = 1; i < width; i++) logits[row + i] *= inv;
    logits[row + target] -= scale;
  }
  gemm(logits, table.itemEmbedding, dHidden, tokens, width, h);
  transpose(hidden, hiddenTransposed, tokens, h);
  gemm(hiddenTransposed, logits, gradientTransposed, h, tokens, width);
  const dItems = table.itemGradient;
  for (let j = 0; j < h; j++) {
    const row = j * width;
    for (let i = 1; i < width; i++) dItems[i * h + j] += gradientTransposed[row + i];
  }
  return loss * total;
}

/**
 * InfoNCE / NT-Xent over `2n` representations where rows `2b` and `2b+1` are two views of one
 * sequence (CL4SRec, Xie et al. 2022): similarity is the dot product over `temperature`, the other
 * `2n - 2` rows of the batch are the negatives. Returns the mean loss; writes `dRepresentations`.
 */
export function infoNceLoss(representations: Float32Array, count: number, width: number, temperature: number, dRepresentations: Float32Array, similarity: Float32Array): number {
  const inverseTemperature = 1 / temperature;
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < count; j++) {
      let dot = 0;
      for (let d = 0; d < width; d++) dot += representations[i * width + d] * representations[j * width + d];
      similarity[i * count + j] = dot * inverseTemperature;
    }
  }
  let loss = 0;
  const scale = 1 / count;
  for (let i = 0; i < count; i++) {
    const row = i * count;
    const partner = i ^ 1;
    const positive = similarity[row + partner];
    let max = -Infinity;
    for (let j = 0; j < count; j++) if (j !== i && similarity[row + j] > max) max = similarity[row + j];
    let sum = 0;
    for (let j = 0; j < count; j++) {
      if (j === i) continue;
      const e = Math.exp(similarity[row + j] - max);
      similarity[row + j] = e;
      sum += e;
    }
    loss += Math.log(sum) + max - positive;
    for (let j = 0; j < count; j++) similarity[row + j] = j === i ? 0 : (similarity[row + j] / sum) * scale;
    similarity[row + partner] -= scale;
  }
  dRepresentations.fill(0, 0, count * width);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < count; j++) {
      const weight = (similarity[i * count + j] + similarity[j * count + i]) * inverseTemperature;
      if (weight === 0) continue;
      for (let d = 0; d < width; d++) dRepresentations[i * width + d] += weight * representations[j * width + d];
    }
  }
  return loss * scale;
}
