import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { testItem } from '../test-support/test-items.js';
import { colorHistogramBlock } from './color-histogram-block.js';

let folder = '';

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'sf-histogram-'));
  await sharp({ create: { width: 16, height: 16, channels: 3, background: { r: 255, g: 0, b: 0 } } }).png().toFile(join(folder, 'red.png'));
  // Left half blue, right half white.
  const halves = Buffer.alloc(16 * 16 * 3);
  for (let y = 0; y < 16; y++) {
    for (let x = 0; x < 16; x++) halves.set(x < 8 ? [0, 0, 255] : [255, 255, 255], (y * 16 + x) * 3);
  }
  await sharp(halves, { raw: { width: 16, height: 16, channels: 3 } }).png().toFile(join(folder, 'blue-white.png'));
  // Fully transparent: laid on white.
  await sharp({ create: { width: 8, height: 8, channels: 4, background: { r: 10, g: 200, b: 10, alpha: 0 } } }).png().toFile(join(folder, 'clear.png'));
  // A one-channel grey JPEG.
  await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 128, g: 128, b: 128 } } }).toColourspace('b-w').jpeg().toFile(join(folder, 'grey.jpg'));
  await writeFile(join(folder, 'broken.png'), 'not an image');
});

describe('colorHistogramBlock', () => {
  it('counts pixels in HSV bins (8 hue x 3 saturation x 3 value by default), l1-normalised; missing and unreadable images give zero rows', async () => {
    const items = [
      testItem('red', { imagePath: 'red.png' }),
      testItem('halves', { imagePath: join(folder, 'blue-white.png') }),
      testItem('clear', { imagePath: 'clear.png' }),
      testItem('grey', { imagePath: 'grey.jpg' }),
      testItem('none'),
      testItem('broken', { imagePath: 'broken.png' }),
    ];
    const block = await colorHistogramBlock(items, { root: folder });
    expect(block).toMatchObject({ name: 'color-histogram', rows: 6, dim: 72 });
    const row = (index: number) => Array.from(block.values.subarray(index * 72, (index + 1) * 72));
    const bin = (hue: number, saturation: number, value: number) => (hue * 3 + saturation) * 3 + value;
    // Red: hue 0, full saturation and value.
    expect(row(0)[bin(0, 2, 2)]).toBe(1);
    // Blue is hue 240/360 -> bin floor(0.667 * 8) = 5; white is hue 0, saturation 0, full value.
    expect(row(1)[bin(5, 2, 2)]).toBeCloseTo(0.5, 6);
    expect(row(1)[bin(0, 0, 2)]).toBeCloseTo(0.5, 6);
    expect(row(2)[bin(0, 0, 2)]).toBe(1);
    // Grey 128: value bin (128 * 3) >> 8 = 1.
    expect(row(3)[bin(0, 0, 1)]).toBeCloseTo(1, 6);
    for (const index of [0, 1, 2, 3]) expect(row(index).reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 6);
    expect(row(4).every((value) => value === 0)).toBe(true);
    expect(row(5).every((value) => value === 0)).toBe(true);
    expect(block.info).toMatchObject({ space: 'hsv', bins: '8x3x3', missingImages: 1, unreadableImages: 1 });
    expect(block.warnings.map((warning) => warning.code)).toEqual(['W_IMAGE_UNREADABLE']);
  });

  it('bins RGB channels when asked', async () => {
    const block = await colorHistogramBlock([testItem('red', { imagePath: 'red.png' }), testItem('halves', { imagePath: 'blue-white.png' })], { root: folder, space: 'rgb', bins: [2, 2, 2] });
    expect(block.dim).toBe(8);
    // Red (1, 0, 0) -> bin 4; blue (0, 0, 1) -> bin 1 and white (1, 1, 1) -> bin 7, half each.
    expect(Array.from(block.values.subarray(0, 8))).toEqual([0, 0, 0, 0, 1, 0, 0, 0]);
    expect(Array.from(block.values.subarray(8, 16))).toEqual([0, 0.5, 0, 0, 0, 0, 0, 0.5]);
  });
});
