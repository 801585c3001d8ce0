import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { pooledConvolutionModel } from '../test-support/onnx-model.js';
import { testItem } from '../test-support/test-items.js';
import { imageTensorData, onnxImageBlock } from './onnx-image-block.js';

let folder = '';
// With mean = std = 0.5 a pixel value v becomes v / 127.5 - 1: 255 -> 1, 0 -> -1.
const HALF = [0.5, 0.5, 0.5] as const;
// Features: relu(r), relu(g), relu(b), relu(-r - g - b).
const WEIGHTS = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
  [-1, -1, -1],
] as const;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'sf-onnx-image-'));
  await sharp({ create: { width: 40, height: 20, channels: 3, background: { r: 255, g: 0, b: 0 } } }).png().toFile(join(folder, 'red.png'));
  await sharp({ create: { width: 12, height: 12, channels: 3, background: { r: 0, g: 0, b: 0 } } }).png().toFile(join(folder, 'black.png'));
  // Left half black, right half white: the centre crop keeps both halves, so the mean of relu(x) per channel is 0.5.
  const halves = Buffer.alloc(16 * 16 * 3);
  for (let y = 0; y < 16; y++) for (let x = 0; x < 16; x++) halves.fill(x < 8 ? 0 : 255, (y * 16 + x) * 3, (y * 16 + x) * 3 + 3);
  await sharp(halves, { raw: { width: 16, height: 16, channels: 3 } }).png().toFile(join(folder, 'halves.png'));
  await writeFile(join(folder, 'broken.png'), 'not an image');
  await writeFile(join(folder, 'model.onnx'), pooledConvolutionModel(WEIGHTS));
});

const rowOf = (values: Float32Array, dim: number, index: number) => Array.from(values.subarray(index * dim, (index + 1) * dim));

describe('onnxImageBlock', () => {
  it('runs a real ONNX model on each image (resized, centre-cropped, normalised, channel-major); missing and unreadable images give zero rows', async () => {
    const items = [
      testItem('red', { imagePath: 'red.png' }),
      testItem('black', { imagePath: join(folder, 'black.png') }),
      testItem('halves', { imagePath: 'halves.png' }),
      testItem('none'),
      testItem('broken', { imagePath: 'broken.png' }),
    ];
    const block = await onnxImageBlock(items, { model: 'model.onnx', root: folder, size: 16, mean: HALF, std: HALF });
    expect(block).toMatchObject({ name: 'onnx-image', rows: 5, dim: 4 });
    expect(block.info).toMatchObject({ input: 'pixels', output: 'features', size: 16, missingImages: 1, unreadableImages: 1 });
    const near = (actual: number[], expected: number[]) => actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 4));
    near(rowOf(block.values, 4, 0), [1, 0, 0, 1]); // x = (1, -1, -1): relu(-(1 - 1 - 1)) = 1
    near(rowOf(block.values, 4, 1), [0, 0, 0, 3]); // x = (-1, -1, -1)
    near(rowOf(block.values, 4, 2), [0.5, 0.5, 0.5, 1.5]); // half the pixels (1, 1, 1), half (-1, -1, -1)
    expect(rowOf(block.values, 4, 3)).toEqual([0, 0, 0, 0]);
    expect(rowOf(block.values, 4, 4)).toEqual([0, 0, 0, 0]);
    expect(block.warnings.map((warning) => warning.code)).toEqual(['W_IMAGE_UNREADABLE']);
  });

  it('averages a [1, C, h, w] output over its positions, so a feature-map model gives the pooled model\'s features', async () => {
    const items = [testItem('halves', { imagePath: 'halves.png' }), testItem('red', { imagePath: 'red.png' })];
    const map = await onnxImageBlock(items, { model: pooledConvolutionModel(WEIGHTS, { pool: false }), root: folder, size: 8, mean: HALF, std: HALF });
    const pooled = await onnxImageBlock(items, { model: join(folder, 'model.onnx'), root: folder, size: 8, mean: HALF, std: HALF });
    expect(map.dim).toBe(4);
    Array.from(map.values).forEach((value, i) => expect(value).toBeCloseTo(pooled.values[i], 5));
  });

  it('lays the pixels out channel-major with ImageNet normalisation by default', async () => {
    const data = await imageTensorData(join(folder, 'red.png'), 2, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]);
    expect(data.length).toBe(12);
    expect(data[0]).toBeCloseTo((1 - 0.485) / 0.229, 4);
    expect(data[4]).toBeCloseTo(-0.456 / 0.224, 4);
    expect(data[8]).toBeCloseTo(-0.406 / 0.225, 4);
  });

  it('names the model and the tensors it has when the config asks for others, and refuses files that are not models', async () => {
    const items = [testItem('red', { imagePath: 'red.png' })];
    await expect(onnxImageBlock(items, { model: 'model.onnx', root: folder, output: 'logits' })).rejects.toThrow(/inputs \[pixels\] and outputs \[features\]; input pixels or output logits/);
    await expect(onnxImageBlock(items, { model: 'broken.png', root: folder })).rejects.toMatchObject({ code: 'E_CONFIG' });
    await expect(onnxImageBlock(items, { model: 'missing.onnx', root: folder })).rejects.toMatchObject({ code: 'E_IO' });
    await expect(onnxImageBlock([testItem('none')], { model: 'model.onnx', root: folder })).rejects.toMatchObject({ code: 'E_DATA' });
  });
});
