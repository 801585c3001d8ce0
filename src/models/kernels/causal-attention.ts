/**
 * Ragged causal multi-head self-attention, forward and backward.
 *
 * A batch holds only real positions: sequence `b` owns rows `offsets[b] .. offsets[b+1]` of the
 * `tokens x 3*width` projection buffer (queries, keys, values side by side). A left-padded batch
 * (SASRec's layout) masks padding keys with -10000 before the softmax, and exp(-10000) is 0 in
 * float32, so attending only over the real earlier positions gives the same outputs for every
 * real position at a fraction of the work.
 */

/** Shape of one ragged attention call. */
export interface AttentionShape {
  /** Row offsets of the sequences, length `sequences + 1`. */
  offsets: Int32Array;
  sequences: number;
  /** Model width (all heads together). */
  width: number;
  heads: number;
}

/** Offsets of each sequence's `heads x len x len` probability block; returns the total size. */
export function attentionProbabilityOffsets(shape: AttentionShape, out: Int32Array): number {
  let total = 0;
  for (let b = 0; b < shape.sequences; b++) {
    out[b] = total;
    const length = shape.offsets[b + 1] - shape.offsets[b];
    total += shape.heads * length * length;
  }
  out[shape.sequences] = total;
  return total;
}

/**
 * `context` (`tokens x width`) from `qkv` (`tokens x 3*width`). Writes softmax probabilities into
 * `probabilities` at `probabilityOffsets`; `dropMask` (same layout, 0 or 1/(1-p)), when given,
 * scales them before they weight the values, as attention dropout does.
 */
export function causalAttentionForward(
  shape: AttentionShape,
  qkv: Float32Array,
  probabilityOffsets: Int32Array,
  probabilities: Float32Array,
  dropMask: Float32Array | undefined,
  context: Float32Array,
): void {
  const { offsets, sequences, width, heads } = shape;
  const headWidth = width / heads;
  const scale = 1 / Math.sqrt(headWidth);
  const stride = 3 * width;
  for (let b = 0; b < sequences; b++) {
    const start = offsets[b];
    const length = offsets[b + 1] - start;
    for (let h = 0; h < heads; h++) {
      const block = probabilityOffsets[b] + h * length * length;
      const qColumn = h * headWidth;
      const kColumn = width + qColumn;
      const vColumn = 2 * width + qColumn;
      for (let i = 0; i < length; i++) {
        const qRow = (start + i) * stride + qColumn;
        const pRow = block + i * length;
        let max = -Infinity;
        for (let j = 0; j <= i; j++) {
          const kRow = (start + j) * stride + kColumn;
          let s = 0;
          for (let d = 0; d < headWidth; d++) s += qkv[qRow + d] * qkv[kRow + d];
          s *= scale;
          probabilities[pRow + j] = s;
          if (s > max) max = s;
        }
        let sum = 0;
        for (let j = 0; j <= i; j++) {
          const e = Math.exp(probabilities[pRow + j] - max);
          probabilities[pRow + j] = e;
          sum += e;
        }
        const inv = 1 / sum;
        const cRow = (start + i) * width + qColumn;
        for (let d = 0; d < headWidth; d++) context[cRow + d] = 0;
        for (let j = 0; j <= i; j++) {
          const p = probabilities[pRow + j] * inv;
          probabilities[pRow + j] = p;
          const weight = dropMask === undefined ? p : p * dropMask[pRow + j];
          if (weight === 0) continue;
          const vRow = (start + j) * stride + vColumn;
          for (let d = 0; d < headWidth; d++) context[cRow + d] += weight * qkv[vRow + d];
        }
      }
    }
  }
}

/**
 * Writes `dQkv` (`tokens x 3*width`) from `dContext`. `scratch` needs room for the longest sequence.
 */
export function causalAttentionBackward(
  shape: AttentionShape,
  qkv: Float32Array,
  probabilityOffsets: Int32Array,
  probabilities: Float32Array,
  dropMask: Float32Array | undefined,
  dContext: Float32Array,
  dQkv: Float32Array,
  scratch: Float32Array,
): void {
  const { offsets, sequences, width, heads } = shape;
  const headWidth = width / heads;
  const scale = 1 / Math.sqrt(headWidth);
  const stride = 3 * width;
  dQkv.fill(0, offsets[0] * stride, offsets[sequences] * stride);
  for (let b = 0; b < sequences; b++) {
    const start = offsets[b];
    const length = offsets[b + 1] - start;
    for (let h = 0; h < heads; h++) {
      const block = probabilityOffsets[b] + h * length * length;
      const qColumn = h * headWidth;
      const kColumn = width + qColumn;
      const vColumn = 2 * width + qColumn;
      for (let i = 0; i < length; i++) {
        const cRow = (start + i) * width + qColumn;
        const pRow = block + i * length;
        let dot = 0;
        for (let j = 0; j <= i; j++) {
          const vRow = (start + j) * stride + vColumn;
          const mask = dropMask === undefined ? 1 : dropMask[pRow + j];
          const p = probabilities[pRow + j];
          let dWeight = 0;
          if (mask !== 0) {
            const weight = p * mask;
            for (let d = 0; d < headWidth; d++) {
              const g = dContext[cRow + d];
              dWeight += g * qkv[vRow + d];
              dQkv[vRow + d] += weight * g;
            }
          }
          const dp = dWeight * mask;
          scratch[j] = dp;
          dot += p * dp;
        }
        const qRow = (start + i) * stride + qColumn;
        for (let j = 0; j <= i; j++) {
          const dScore = probabilities[pRow + j] * (scratch[j] - dot) * scale;
          if (dScore === 0) continue;
          const kRow = (start + j) * stride + kColumn;
          for (let d = 0; d < headWidth; d++) {
            dQkv[qRow + d] += dScore * qkv[kRow + d];
            dQkv[kRow + d] += dScore * qkv[qRow + d];
          }
        }
      }
    }
  }
}
