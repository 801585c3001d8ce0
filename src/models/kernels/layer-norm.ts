/**
 * Layer normalisation over the last axis (Ba, Kiros & Hinton 2016), forward and backward, on
 * row-major `rows x width` float32 buffers. The forward pass keeps the normalised values and the
 * reciprocal standard deviations for the backward pass.
 */

/** Variance epsilon of the S3-Rec / ICLRec `LayerNorm` (1e-12). */
export const LAYER_NORM_EPSILON = 1e-12;

/** `out = gain * (x - mean) / sqrt(var + eps) + bias` per row; fills `normalised` and `inverseStd`. */
export function layerNormForward(
  x: Float32Array,
  gain: Float32Array,
  bias: Float32Array,
  out: Float32Array,
  normalised: Float32Array,
  inverseStd: Float32Array,
  rows: number,
  width: number,
): void {
  for (let r = 0, o = 0; r < rows; r++, o += width) {
    let sum = 0;
    for (let j = 0; j < width; j++) sum += x[o + j];
    const mean = sum / width;
    let squares = 0;
    for (let j = 0; j < width; j++) {
      const d = x[o + j] - mean;
      squares += d * d;
    }
    const inv = 1 / Math.sqrt(squares / width + LAYER_NORM_EPSILON);
    inverseStd[r] = inv;
    for (let j = 0; j < width; j++) {
      const h = (x[o + j] - mean) * inv;
      normalised[o + j] = h;
      out[o + j] = h * gain[j] + bias[j];
    }
  }
}

/**
 * Writes `dx` from `dy` and accumulates `dGain`, `dBias`. `dx` may alias `dy` (each row is read
 * completely before it is written).
 */
export function layerNormBackward(
  dy: Float32Array,
  gain: Float32Array,
  normalised: Float32Array,
  inverseStd: Float32Array,
  dx: Float32Array,
  dGain: Float32Array,
  dBias: Float32Array,
  rows: number,
  width: number,
): void {
  for (let r = 0, o = 0; r < rows; r++, o += width) {
    let sumD = 0;
    let sumDH = 0;
    for (let j = 0; j < width; j++) {
      const g = dy[o + j];
      const h = normalised[o + j];
      dGain[j] += g * h;
      dBias[j] += g;
      const dh = g * gain[j];
      sumD += dh;
      sumDH += dh * h;
    }
    const meanD = sumD / width;
    const meanDH = sumDH / width;
    const inv = inverseStd[r];
    for (let j = 0; j < width; j++) {
      const h = normalised[o + j];
      dx[o + j] = inv * (dy[o + j] * gain[j] - meanD - h * meanDH);
    }
  }
}
