/**
 * Geometric transforms as 2x3 affine matrices on pixel-centre coordinates, composed so a chain of
 * them (flip, rotate, crop, translate, scale) resamples the image once, with bilinear interpolation.
 */
import { warpPixels } from './image-kernels.js';
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
 * Fixed point throughout (image-kernels.ts): positions in 16.16, weights of 1/128 pixel; a map
 * that lands on whole pixels (a shift, a composed identity) copies them exactly.
 */
export function warpAffine(image: RawImage, matrix: Affine, background: readonly number[]): RawImage {
  const { width, height, channels } = image;
  if (width >= 1 << 14 || height >= 1 << 14) throw new RangeError(`warpAffine: images up to 16,383 pixels a side, got ${width} x ${height}`);
  const fill = Array.from({ length: channels }, (_, k) => (channels >= 3 ? (k < 3 ? background[k] : 255) : k === 0 ? background[0] : 255));
  return { data: warpPixels(image, invert(matrix), fill), width, height, channels };
}
