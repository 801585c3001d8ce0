/**
 * Geometric transforms as 2x3 affine matrices on pixel-centre coordinates, composed so a chain of
 * them (flip, rotate, crop, translate, scale) resamples the image once, with bilinear interpolation.
 */
import type { RawImage } from './image-transforms.js';

/** `[a, b, c, d, e, f]`: x' = a x + b y + c, y' = d x + e y + f (source to output; pixel i spans [i, i + 1)). */
export type Affine = [number, number, number, number, number, number];

/** `second` after `first`. */
export function composeAffine(first: Affine, second: Affine): Affine {
  const [a1, b1, c1, d1, e1, f1] = first;
  const [a2, b2, c2, d2, e2, f2] = second;
  return [a2 * a1 + b2 * d1, a2 * b1 + b2 * e1, a2 * c1 + b2 * f1 + c2, d2 * a1 + e2 * d1, d2 * b1 + e2 * e1, d2 * c1 + e2 * f1 + f2];
}

function invert([a, b, c, d, e, f]: Affine): Affine {
  const determinant = a * e - b * d;
  if (Math.abs(determinant) < 1e-12) throw new RangeError('invert: the affine map is singular');
  return [e / determinant, -b / determinant, (b * f - c * e) / determinant, -d / determinant, a / determinant, (c * d - a * f) / determinant];
}

/** The matrix of a geometric transform with drawn `params`, or undefined for a pixel transform. */
export function geometricMatrix(name: string, params: Record<string, number>, width: number, height: number): Affine | undefined {
  const [cx, cy] = [width / 2, height / 2];
  switch (name) {
    case 'flip':
      return [-1, 0, width, 0, 1, 0];
    case 'rotate': {
      // Positive degrees turn clockwise on screen (y points down), as sharp's rotate does.
      const radians = (params.degrees * Math.PI) / 180;
      const [cos, sin] = [Math.cos(radians), Math.sin(radians)];
      return [cos, -sin, cx - cos * cx + sin * cy, sin, cos, cy - sin * cx - cos * cy];
    }
    case 'crop': {
      const [sx, sy] = [width / params.width, height / params.height];
      return [sx, 0, -params.left * sx, 0, sy, -params.top * sy];
    }
    case 'translate':
      return [1, 0, params.dx, 0, 1, params.dy];
    case 'scale':
      return [params.factor, 0, cx - params.factor * cx, 0, params.factor, cy - params.factor * cy];
    default:
      return undefined;
  }
}

/**
 * Resamples `image` under `matrix` (source to output) into an image of the same size: each output
 * pixel centre is mapped back and read bilinearly; points outside the source get `background`.
 */
export function warpAffine(image: RawImage, matrix: Affine, background: readonly number[]): RawImage {
  const { width, height, channels } = image;
  const source = image.data;
  const data = Buffer.alloc(width * height * channels);
  // A clamped view rounds and clips on assignment.
  const out = new Uint8ClampedArray(data.buffer, data.byteOffset, data.length);
  const [a, b, c, d, e, f] = invert(matrix);
  const fill = Array.from({ length: channels }, (_, k) => (channels >= 3 ? (k < 3 ? background[k] : 255) : k === 0 ? background[0] : 255));
  let offset = 0;
  for (let y = 0; y < height; y++) {
    // Output pixel centre (x + 0.5, y + 0.5) maps to source point (u + 0.5, v + 0.5); u, v index the sample grid.
    let u = a * 0.5 + b * (y + 0.5) + c - 0.5;
    let v = d * 0.5 + e * (y + 0.5) + f - 0.5;
    for (let x = 0; x < width; x++, u += a, v += d, offset += channels) {
      if (u < -0.5 || v < -0.5 || u > width - 0.5 || v > height - 0.5) {
        for (let k = 0; k < channels; k++) out[offset + k] = fill[k];
        continue;
      }
      const x0 = u < 0 ? 0 : u | 0;
      const y0 = v < 0 ? 0 : v | 0;
      const x1 = x0 + 1 < width ? x0 + 1 : x0;
      const y1 = y0 + 1 < height ? y0 + 1 : y0;
      const fx = u < 0 ? 0 : u - x0;
      const fy = v < 0 ? 0 : v - y0;
      const i00 = (y0 * width + x0) * channels;
      const i01 = (y0 * width + x1) * channels;
      const i10 = (y1 * width + x0) * channels;
      const i11 = (y1 * width + x1) * channels;
      const w00 = (1 - fx) * (1 - fy);
      const w01 = fx * (1 - fy);
      const w10 = (1 - fx) * fy;
      const w11 = fx * fy;
      if (channels === 3) {
        out[offset] = source[i00] * w00 + source[i01] * w01 + source[i10] * w10 + source[i11] * w11;
        out[offset + 1] = source[i00 + 1] * w00 + source[i01 + 1] * w01 + source[i10 + 1] * w10 + source[i11 + 1] * w11;
        out[offset + 2] = source[i00 + 2] * w00 + source[i01 + 2] * w01 + source[i10 + 2] * w10 + source[i11 + 2] * w11;
      } else {
        for (let k = 0; k < channels; k++) out[offset + k] = source[i00 + k] * w00 + source[i01 + k] * w01 + source[i10 + k] * w10 + source[i11 + k] * w11;
      }
    }
  }
  return { data, width, height, channels };
}
