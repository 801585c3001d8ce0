/**
 * Colour histograms of item images (Swain & Ballard 1991, "Color Indexing"): each image decoded
 * with sharp, shrunk to at most `size` pixels a side (the histogram hardly changes, the decode
 * gets cheaper), transparent pixels laid on white (product shots on transparent backgrounds), and
 * its pixels counted in a joint histogram of `bins` per channel, in HSV (hue, saturation, value;
 * grey pixels go to hue bin 0) or RGB. Rows are l1-normalised (fractions of pixels).
 *
 * Items without an image, or whose file cannot be read, get a zero row; unreadable files are
 * also warnings (`W_IMAGE_UNREADABLE`).
 */
import { isAbsolute, resolve } from 'node:path';
import sharp from 'sharp';
import type { Warning } from '../../errors.js';
import { SampleForgeError } from '../../errors.js';
import type { Item } from '../../types.js';
import { createFeatureBlock, l1NormalizeRows, type FeatureBlock } from '../feature-block.js';

/** Options of {@link colorHistogramBlock}. */
export interface ColorHistogramBlockOptions {
  /** Colour space of the bins ('hsv'). */
  space?: 'hsv' | 'rgb';
  /** Bins per channel: hue/saturation/value or red/green/blue ([8, 3, 3] for HSV, [4, 4, 4] for RGB). */
  bins?: readonly [number, number, number];
  /** Longest side after shrinking, in pixels; 0 keeps the full image (64). */
  size?: number;
  /** Folder relative `imagePath`s resolve against (the working directory). */
  root?: string;
  /** Images decoded at once (4). */
  concurrency?: number;
}

const MAX_WARNINGS = 20;

/** The `color-histogram` block of `items`. */
export async function colorHistogramBlock(items: readonly Item[], options: ColorHistogramBlockOptions = {}): Promise<FeatureBlock> {
  const space = options.space ?? 'hsv';
  const bins = options.bins ?? (space === 'hsv' ? [8, 3, 3] : [4, 4, 4]);
  if (bins.some((count) => !Number.isInteger(count) || count < 1)) {
    throw new SampleForgeError('E_USAGE', `color-histogram: bins must be three positive integers, got ${JSON.stringify(bins)}`, { details: { bins } });
  }
  const size = options.size ?? 64;
  const root = options.root ?? process.cwd();
  const dim = bins[0] * bins[1] * bins[2];
  const values = new Float32Array(items.length * dim);
  const warnings: Warning[] = [];
  let missing = 0;
  let unreadable = 0;
  let next = 0;
  const work = async (): Promise<void> => {
    while (next < items.length) {
      const row = next++;
      const path = items[row].imagePath;
      if (!path) {
        missing++;
        continue;
      }
      const file = isAbsolute(path) ? path : resolve(root, path);
      try {
        let image = sharp(file, { failOn: 'error' });
        if (size > 0) image = image.resize({ width: size, height: size, fit: 'inside', withoutEnlargement: true });
        const { data, info } = await image.flatten({ background: '#ffffff' }).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
        countPixels(data, info.channels, space, bins, values.subarray(row * dim, (row + 1) * dim));
      } catch (cause) {
        unreadable++;
        if (warnings.length < MAX_WARNINGS) {
          warnings.push({ code: 'W_IMAGE_UNREADABLE', message: `item ${items[row].itemId}: cannot read image ${file} (${(cause as Error).message}); its colour histogram is zero`, details: { itemId: items[row].itemId, file } });
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, work));
  l1NormalizeRows(values, items.length, dim);
  return createFeatureBlock({
    name: 'color-histogram',
    rows: items.length,
    dim,
    values,
    info: { space, bins: bins.join('x'), size, missingImages: missing, unreadableImages: unreadable },
    warnings,
  });
}

/** Adds the pixel counts of raw 8-bit pixels (`channels` per pixel: grey, grey + alpha, RGB or RGBA) into `out`. */
export function countPixels(data: Uint8Array, channels: number, space: 'hsv' | 'rgb', bins: readonly [number, number, number], out: Float32Array): void {
  const [b0, b1, b2] = bins;
  for (let p = 0; p + channels <= data.length; p += channels) {
    const r = data[p];
    const g = channels >= 3 ? data[p + 1] : r;
    const b = channels >= 3 ? data[p + 2] : r;
    let i0: number;
    let i1: number;
    let i2: number;
    if (space === 'rgb') {
      i0 = (r * b0) >> 8;
      i1 = (g * b1) >> 8;
      i2 = (b * b2) >> 8;
    } else {
      const max = Math.max(r, g, b);
      const min = Math.min(r, g, b);
      const delta = max - min;
      let hue = 0;
      if (delta > 0) {
        if (max === r) hue = (g - b) / delta;
        else if (max === g) hue = 2 + (b - r) / delta;
        else hue = 4 + (r - g) / delta;
        hue /= 6;
        if (hue < 0) hue += 1;
      }
      const saturation = max === 0 ? 0 : delta / max;
      i0 = Math.min(b0 - 1, Math.floor(hue * b0));
      i1 = Math.min(b1 - 1, Math.floor(saturation * b1));
      i2 = (max * b2) >> 8;
    }
    out[(i0 * b1 + i1) * b2 + i2] += 1;
  }
}
