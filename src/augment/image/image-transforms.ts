/**
 * Image transforms on decoded pixels. Each transform draws its parameters from a seeded `Rng`
 * (recorded in lineage) and maps a raw image to a raw image of the same size, so transforms chain
 * in any order. Geometry is resampled and colours mapped by the pixel kernels (image-kernels.ts:
 * WebAssembly SIMD), blur and flips run in libvips through `sharp`, noise is a table lookup in JS.
 */
import sharp, { type Sharp } from 'sharp';
import { createRng, type Rng } from '../../internal/rng.js';
import { normalQuantile } from '../generative/normal.js';
import { composeAffine, geometricMatrix, warpAffine, type Affine } from './affine-warp.js';
import { colourPixels } from './image-kernels.js';
import { COLOUR_BITS } from './image-kernels-portable.js';

/** Decoded pixels, row-major, `channels` bytes per pixel. */
export interface RawImage {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

export const IMAGE_TRANSFORMS = Object.freeze(['flip', 'rotate', 'crop', 'translate', 'scale', 'colour-jitter', 'blur', 'noise'] as const);
export type ImageTransformName = (typeof IMAGE_TRANSFORMS)[number];

/** Ranges the transforms draw from; the defaults are mild, label-preserving settings. */
export interface ImageTransformRanges {
  /** Largest rotation either way, degrees; default 12. */
  maxRotationDegrees: number;
  /** Smallest side of a crop as a share of the image side; default 0.8. */
  minCropShare: number;
  /** Largest shift either way as a share of the side; default 0.08. */
  maxTranslateShare: number;
  /** Scale factor range; default [0.85, 1.15]. */
  scale: [number, number];
  /** Largest change of brightness and saturation (share) and of hue (degrees); default 0.2 and 12. */
  maxColourChange: number;
  maxHueDegrees: number;
  /** Gaussian blur sigma range in pixels; default [0.5, 1.5]. */
  blurSigma: [number, number];
  /** Pixel noise standard deviation range on the 0-255 scale; default [3, 10]. */
  noiseSigma: [number, number];
  /** Fill of uncovered pixels (rotation corners, shifts, shrinking); default white, as on catalog photos. */
  background: { r: number; g: number; b: number };
}

export const DEFAULT_IMAGE_TRANSFORM_RANGES: Readonly<ImageTransformRanges> = Object.freeze<ImageTransformRanges>({
  maxRotationDegrees: 12,
  minCropShare: 0.8,
  maxTranslateShare: 0.08,
  scale: [0.85, 1.15],
  maxColourChange: 0.2,
  maxHueDegrees: 12,
  blurSigma: [0.5, 1.5],
  noiseSigma: [3, 10],
  background: { r: 255, g: 255, b: 255 },
});

const round3 = (value: number): number => Math.round(value * 1000) / 1000;
const between = (rng: Rng, [low, high]: readonly [number, number]): number => round3(low + rng.float() * (high - low));

/** Draws the parameters of `name` for an image of the given size. */
export function drawTransformParams(name: ImageTransformName, rng: Rng, width: number, height: number, ranges: ImageTransformRanges): Record<string, number> {
  switch (name) {
    case 'flip':
      return {};
    case 'rotate':
      return { degrees: round3((rng.float() * 2 - 1) * ranges.maxRotationDegrees) };
    case 'crop': {
      const share = ranges.minCropShare + rng.float() * (1 - ranges.minCropShare);
      const cropWidth = Math.max(1, Math.round(width * share));
      const cropHeight = Math.max(1, Math.round(height * share));
      return { left: rng.int(width - cropWidth + 1), top: rng.int(height - cropHeight + 1), width: cropWidth, height: cropHeight };
    }
    case 'translate':
      return {
        dx: Math.round((rng.float() * 2 - 1) * ranges.maxTranslateShare * width),
        dy: Math.round((rng.float() * 2 - 1) * ranges.maxTranslateShare * height),
      };
    case 'scale':
      return { factor: between(rng, ranges.scale) };
    case 'colour-jitter':
      return {
        brightness: round3(1 + (rng.float() * 2 - 1) * ranges.maxColourChange),
        saturation: round3(1 + (rng.float() * 2 - 1) * ranges.maxColourChange),
        hue: Math.round((rng.float() * 2 - 1) * ranges.maxHueDegrees),
        contrast: round3(1 + (rng.float() * 2 - 1) * ranges.maxColourChange * 0.5),
      };
    case 'blur':
      return { sigma: between(rng, ranges.blurSigma) };
    case 'noise':
      return { sigma: between(rng, ranges.noiseSigma), seed: rng.uint32() };
  }
}

function pipeline(image: RawImage): Sharp {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } });
}

async function toRaw(instance: Sharp): Promise<RawImage> {
  const { data, info } = await instance.raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}


/** Applies one transform with drawn `params`; the result has the input's size. */
export async function applyTransform(name: ImageTransformName, image: RawImage, params: Record<string, number>, ranges: ImageTransformRanges): Promise<RawImage> {
  return toRaw(await renderChain(image, [{ name, params }], ranges));
}

/**
 * Runs a chain of transforms and returns the last step as a libvips pipeline for the encoder.
 * Consecutive geometric transforms compose into one affine map and resample once (a lone flip stays
 * an exact libvips flop); colour jitter and noise run on the pixels; blur and a final flip run in
 * the encoder's pass.
 */
export async function renderChain(image: RawImage, steps: readonly { name: ImageTransformName; params: Record<string, number> }[], ranges: ImageTransformRanges): Promise<Sharp> {
  const fill = [ranges.background.r, ranges.background.g, ranges.background.b];
  let current = image;
  let pending: { matrix: Affine; names: string[] } | undefined;
  const settle = async (last: boolean): Promise<Sharp | undefined> => {
    if (pending === undefined) return undefined;
    const { matrix, names } = pending;
    pending = undefined;
    const single = names.length === 1 && names[0] === 'flip' ? pipeline(current).flop() : undefined;
    if (single !== undefined && last) return single;
    current = single !== undefined ? await toRaw(single) : warpAffine(current, matrix, fill);
    return undefined;
  };
  for (const [index, step] of steps.entries()) {
    const last = index === steps.length - 1;
    const matrix = geometricMatrix(step.name, step.params, current.width, current.height);
    if (matrix !== undefined) {
      pending = pending === undefined ? { matrix, names: [step.name] } : { matrix: composeAffine(pending.matrix, matrix), names: [...pending.names, step.name] };
      continue;
    }
    await settle(false);
    if (step.name === 'blur') {
      const blurred = pipeline(current).blur(step.params.sigma);
      if (last) return blurred;
      current = await toRaw(blurred);
    } else if (step.name === 'colour-jitter') {
      current = jitterColour(current, step.params);
    } else if (step.name === 'noise') {
      current = addNoise(current, step.params.sigma, step.params.seed);
    }
  }
  return (await settle(true)) ?? pipeline(current);
}

/**
 * Hue rotation then saturation as one 3x3 matrix on sRGB values, as CSS filters apply them: the
 * luminance-preserving matrices of the W3C Filter Effects spec (feColorMatrix hueRotate, saturate).
 */
export function colourMatrix(hueDegrees: number, saturation: number): [[number, number, number], [number, number, number], [number, number, number]] {
  const angle = (hueDegrees * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const hue = [
    [0.213 + cos * 0.787 - sin * 0.213, 0.715 - cos * 0.715 - sin * 0.715, 0.072 - cos * 0.072 + sin * 0.928],
    [0.213 - cos * 0.213 + sin * 0.143, 0.715 + cos * 0.285 + sin * 0.14, 0.072 - cos * 0.072 - sin * 0.283],
    [0.213 - cos * 0.213 - sin * 0.787, 0.715 - cos * 0.715 + sin * 0.715, 0.072 + cos * 0.928 + sin * 0.072],
  ];
  const s = saturation;
  const saturate = [
    [0.213 + 0.787 * s, 0.715 - 0.715 * s, 0.072 - 0.072 * s],
    [0.213 - 0.213 * s, 0.715 + 0.285 * s, 0.072 - 0.072 * s],
    [0.213 - 0.213 * s, 0.715 - 0.715 * s, 0.072 + 0.928 * s],
  ];
  const row = (i: number): [number, number, number] => [0, 1, 2].map((j) => saturate[i][0] * hue[0][j] + saturate[i][1] * hue[1][j] + saturate[i][2] * hue[2][j]) as [number, number, number];
  return [row(0), row(1), row(2)];
}

/** Standard normal quantiles at 1,024 evenly spaced probabilities (tails at 3.3 sigma): noise by table lookup. */
let normalTable: Float32Array | undefined;
function getNormalTable(): Float32Array {
  if (normalTable === undefined) normalTable = Float32Array.from({ length: 1024 }, (_, k) => normalQuantile((k + 0.5) / 1024));
  return normalTable;
}

/**
 * Gaussian pixel noise by table lookup: each 32-bit draw gives three 10-bit indices into a table of
 * quantiles scaled to whole steps of `sigma`, so a pixel of RGB costs one draw and no rounding (the
 * random draws dominated the cost; Box-Muller would take six). The stream is fixed by the recorded seed.
 */
function addNoise(image: RawImage, sigma: number, seed: number): RawImage {
  const source = image.data;
  const data = Buffer.from(source);
  const out = new Uint8ClampedArray(data.buffer, data.byteOffset, data.length);
  const rng = createRng(seed);
  const steps = Int16Array.from(getNormalTable(), (quantile) => Math.round(sigma * quantile));
  const channels = image.channels;
  const colourChannels = channels === 2 || channels === 4 ? channels - 1 : channels;
  if (colourChannels === 3) {
    for (let pixel = 0; pixel < data.length; pixel += channels) {
      const bits = rng.uint32();
      out[pixel] = source[pixel] + steps[bits & 1023];
      out[pixel + 1] = source[pixel + 1] + steps[(bits >>> 10) & 1023];
      out[pixel + 2] = source[pixel + 2] + steps[(bits >>> 20) & 1023];
    }
  } else {
    for (let pixel = 0; pixel < data.length; pixel += channels) out[pixel] = source[pixel] + steps[rng.uint32() & 1023];
  }
  return { ...image, data };
}

/**
 * Brightness, contrast, hue and saturation as one affine map per pixel, `gain * M x + offset`, in
 * 12-bit fixed point (the rounding half folded into the offset), so every engine gives the same bytes.
 */
function jitterColour(image: RawImage, params: Record<string, number>): RawImage {
  const gain = params.brightness * params.contrast;
  const scale = 1 << COLOUR_BITS;
  const offset = Math.round((128 * (1 - params.contrast) + 0.5) * scale);
  const matrix = image.channels < 3 ? [Math.round(gain * scale)] : colourMatrix(params.hue, params.saturation).flat().map((value) => Math.round(value * gain * scale));
  return { ...image, data: colourPixels(image, matrix, offset) };
}
