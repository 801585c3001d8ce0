/**
 * The image kernels in plain JavaScript, with the integer arithmetic of image-kernels.wat step for
 * step, so a runtime without WebAssembly SIMD writes the same bytes. Also the kernels for channel
 * counts the SIMD module does not cover (grey, grey + alpha, RGBA).
 */
import type { RawImage } from './image-transforms.js';

/** Fixed point of the resampler: 16 fractional bits of position, 7 of each interpolation weight. */
export const POSITION_ONE = 65536;
/** Fractional bits of the colour-map coefficients. */
export const COLOUR_BITS = 12;

/** IEEE round-half-to-even, as WebAssembly's `f64.nearest`. */
export function nearest(value: number): number {
  const rounded = Math.round(value);
  return rounded - value === 0.5 && rounded % 2 !== 0 ? rounded - 1 : rounded;
}

/** Source position (16.16 fixed point) of the centre of output row `y`'s first pixel. */
export function rowStart(first: number, second: number, constant: number, y: number): number {
  return nearest((first * 0.5 + second * (y + 0.5) + constant - 0.5) * POSITION_ONE);
}

/**
 * Bilinear resampling into `data` under the inverse map `[a, b, c, d, e, f]` (output pixel index to
 * source pixel index): see `warp_rgb` in image-kernels.wat for the arithmetic.
 */
export function warpPortable(image: RawImage, inverse: readonly number[], fill: readonly number[], data: Uint8Array): void {
  const { width, height, channels } = image;
  const source = image.data;
  const [a, b, c, d, e, f] = inverse;
  const stepU = nearest(a * POSITION_ONE);
  const stepV = nearest(d * POSITION_ONE);
  const highU = width * POSITION_ONE - POSITION_ONE / 2;
  const highV = height * POSITION_ONE - POSITION_ONE / 2;
  const lowest = -POSITION_ONE / 2;
  const stride = width * channels;
  let out = 0;
  for (let y = 0; y < height; y++) {
    let u = rowStart(a, b, c, y);
    let v = rowStart(d, e, f, y);
    for (let x = 0; x < width; x++, out += channels, u += stepU, v += stepV) {
      if (u < lowest || v < lowest || u > highU || v > highV) {
        for (let k = 0; k < channels; k++) data[out + k] = fill[k];
        continue;
      }
      let x0 = 0;
      let fx = 0;
      if (u > 0) {
        x0 = u >> 16;
        if (x0 + 1 < width) fx = (u >> 9) & 127;
      }
      let y0 = 0;
      let fy = 0;
      if (v > 0) {
        y0 = v >> 16;
        if (y0 + 1 < height) fy = (v >> 9) & 127;
      }
      const gx = 128 - fx;
      const gy = 128 - fy;
      const w00 = gx * gy;
      const w01 = fx * gy;
      const w10 = gx * fy;
      const w11 = fx * fy;
      const i00 = (y0 * width + x0) * channels;
      const i01 = fx === 0 ? i00 : i00 + channels;
      const i10 = fy === 0 ? i00 : i00 + stride;
      const i11 = fy === 0 ? i01 : i01 + stride;
      for (let k = 0; k < channels; k++) {
        data[out + k] = (source[i00 + k] * w00 + source[i01 + k] * w01 + source[i10 + k] * w10 + source[i11 + k] * w11 + 8192) >>> 14;
      }
    }
  }
}

/**
 * The colour map `clamp((M p + offset) >> 12)` into `data`; `matrix` is row-major 3 x 3 in 12-bit
 * fixed point (for grey images only `matrix[0]` is used). Alpha is copied.
 */
export function colourPortable(image: RawImage, matrix: readonly number[], offset: number, data: Uint8Array): void {
  const source = image.data;
  const channels = image.channels;
  // A clamped view clips on assignment; the shifted sums are whole numbers, so nothing rounds.
  const out = new Uint8ClampedArray(data.buffer, data.byteOffset, data.length);
  if (channels < 3) {
    const gain = matrix[0];
    for (let i = 0; i < source.length; i += channels) {
      out[i] = (gain * source[i] + offset) >> COLOUR_BITS;
      if (channels === 2) out[i + 1] = source[i + 1];
    }
    return;
  }
  const [m00, m01, m02, m10, m11, m12, m20, m21, m22] = matrix;
  for (let i = 0; i < source.length; i += channels) {
    const r = source[i];
    const g = source[i + 1];
    const b = source[i + 2];
    out[i] = (m00 * r + m01 * g + m02 * b + offset) >> COLOUR_BITS;
    out[i + 1] = (m10 * r + m11 * g + m12 * b + offset) >> COLOUR_BITS;
    out[i + 2] = (m20 * r + m21 * g + m22 * b + offset) >> COLOUR_BITS;
    if (channels === 4) out[i + 3] = source[i + 3];
  }
}
