import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../internal/rng.js';
import type { Augmented } from '../../types.js';
import { augmentImageFolder } from './augment-image-folder.js';
import { augmentImage, forbiddenTransforms, imageAugmenter, type ImageSample } from './augment-image.js';
import { applyTransform, DEFAULT_IMAGE_TRANSFORM_RANGES, drawTransformParams, IMAGE_TRANSFORMS, renderChain, type RawImage } from './image-transforms.js';

const SIZE = 64;
let root: string;

/** Left half red, right half blue, a green square top-left: every geometric change is visible. */
function testImage(): RawImage {
  const data = Buffer.alloc(SIZE * SIZE * 3);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const offset = (y * SIZE + x) * 3;
      const colour = x < 8 && y < 8 ? [0, 200, 0] : x < SIZE / 2 ? [220, 30, 30] : [30, 30, 220];
      data.set(colour, offset);
    }
  }
  return { data, width: SIZE, height: SIZE, channels: 3 };
}

const pixel = (image: RawImage, x: number, y: number): number[] => [...image.data.subarray((y * image.width + x) * 3, (y * image.width + x) * 3 + 3)];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sampleforge-image-test-'));
  const image = testImage();
  for (let i = 0; i < 6; i++) {
    await sharp(image.data, { raw: { width: SIZE, height: SIZE, channels: 3 } }).png().toFile(join(root, `p${i}.png`));
  }
  await writeFile(join(root, 'notes.txt'), 'not an image');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('image transforms', () => {
  it.each(IMAGE_TRANSFORMS)('%s keeps the size and is reproducible from its parameters', async (name) => {
    const image = testImage();
    const params = drawTransformParams(name, createRng(1), SIZE, SIZE, DEFAULT_IMAGE_TRANSFORM_RANGES);
    expect(params).toEqual(drawTransformParams(name, createRng(1), SIZE, SIZE, DEFAULT_IMAGE_TRANSFORM_RANGES));
    const a = await applyTransform(name, image, params, DEFAULT_IMAGE_TRANSFORM_RANGES);
    const b = await applyTransform(name, image, params, DEFAULT_IMAGE_TRANSFORM_RANGES);
    expect([a.width, a.height, a.channels]).toEqual([SIZE, SIZE, 3]);
    expect(a.data.equals(b.data)).toBe(true);
    expect(a.data.equals(image.data)).toBe(false);
  });

  it('flips left to right and shifts by the drawn offsets', async () => {
    const image = testImage();
    const flipped = await applyTransform('flip', image, {}, DEFAULT_IMAGE_TRANSFORM_RANGES);
    expect(pixel(flipped, SIZE - 1, 0)).toEqual([0, 200, 0]);
    expect(pixel(flipped, 0, SIZE - 1)).toEqual([30, 30, 220]);
    const shifted = await applyTransform('translate', image, { dx: 5, dy: 3 }, DEFAULT_IMAGE_TRANSFORM_RANGES);
    expect(pixel(shifted, 0, 0)).toEqual([255, 255, 255]);
    expect(pixel(shifted, 5, 3)).toEqual([0, 200, 0]);
    expect(pixel(shifted, 5 + 8, 3)).toEqual([220, 30, 30]);
  });

  it('composes geometric transforms into one resampling', async () => {
    const image = testImage();
    const ranges = DEFAULT_IMAGE_TRANSFORM_RANGES;
    const twice = await renderChain(image, [{ name: 'flip', params: {} }, { name: 'flip', params: {} }], ranges);
    expect((await twice.raw().toBuffer()).equals(image.data)).toBe(true);
    const there = { name: 'rotate' as const, params: { degrees: 10 } };
    const back = { name: 'rotate' as const, params: { degrees: -10 } };
    const roundTrip = await (await renderChain(image, [there, back], ranges)).raw().toBuffer();
    // One resampling of the composed (identity) map leaves the picture as it was.
    expect(roundTrip.equals(image.data)).toBe(true);
    const rotated = await applyTransform('rotate', image, { degrees: 10 }, ranges);
    expect(pixel(rotated, 0, 0)).toEqual([255, 255, 255]);
  });

  it('changes colours with jitter and keeps the mean with noise', async () => {
    const image = testImage();
    const jittered = await applyTransform('colour-jitter', image, { brightness: 1, contrast: 1, saturation: 1, hue: 60 }, DEFAULT_IMAGE_TRANSFORM_RANGES);
    expect(pixel(jittered, 40, 40)).not.toEqual([30, 30, 220]);
    const identity = await applyTransform('colour-jitter', image, { brightness: 1, contrast: 1, saturation: 1, hue: 0 }, DEFAULT_IMAGE_TRANSFORM_RANGES);
    expect(Math.max(...pixel(identity, 40, 40).map((value, c) => Math.abs(value - [30, 30, 220][c])))).toBeLessThanOrEqual(1);
    const noisy = await applyTransform('noise', image, { sigma: 8, seed: 3 }, DEFAULT_IMAGE_TRANSFORM_RANGES);
    const mean = (data: Buffer) => data.reduce((sum, value) => sum + value, 0) / data.length;
    expect(Math.abs(mean(noisy.data) - mean(image.data))).toBeLessThan(1);
  });
});

describe('augmentImage', () => {
  const digest = async (outputs: Augmented<ImageSample>[]) =>
    Promise.all(outputs.map(async (output) => createHash('sha256').update(await readFile(output.sample.path)).digest('hex')));

  it('writes one image per chain with lineage, the same bytes for the same seed', async () => {
    const sample: ImageSample = { id: 'item-1/main', path: join(root, 'p0.png'), itemId: 'item-1' };
    const chains = [['flip'], ['rotate', 'blur'], ['crop', 'noise']] as const;
    const first = await augmentImage(sample, { outputDirectory: join(root, 'a'), chains: chains.map((chain) => [...chain]) }, 7);
    const second = await augmentImage(sample, { outputDirectory: join(root, 'b'), chains: chains.map((chain) => [...chain]) }, 7);
    expect(first.outputs).toHaveLength(3);
    expect(await digest(second.outputs)).toEqual(await digest(first.outputs));
    const other = await augmentImage(sample, { outputDirectory: join(root, 'c'), chains: [['rotate', 'blur']] }, 8);
    expect((await digest(other.outputs))[0]).not.toBe((await digest(first.outputs))[1]);
    expect(first.outputs[1].lineage).toMatchObject({ parentIds: ['item-1/main'], augmenter: 'image/rotate+blur', verdicts: [] });
    expect((first.outputs[1].lineage.params.transforms as { transform: string }[]).map((entry) => entry.transform)).toEqual(['rotate', 'blur']);
    expect(first.outputs[0].sample).toMatchObject({ id: 'item-1/main~0', itemId: 'item-1' });
    const meta = await sharp(first.outputs[0].sample.path).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', SIZE, SIZE]);
  });

  it('leaves out transforms that would change a catalog attribute, and says why', async () => {
    expect([...forbiddenTransforms({ id: 'x', path: 'x', attributes: { colour: 'red' }, hasText: true }).keys()].sort()).toEqual(['colour-jitter', 'flip']);
    expect(forbiddenTransforms({ id: 'x', path: 'x', attributes: { size: 'M' } }).size).toBe(0);
    const sample: ImageSample = { id: 'red-shirt', path: join(root, 'p1.png'), attributes: { colour: 'red' }, hasText: true };
    const result = await augmentImage(sample, { outputDirectory: join(root, 'd'), chains: [['flip'], ['colour-jitter', 'blur'], ['crop']] }, 1);
    expect(result.skipped).toEqual([{ chain: ['flip'], reasons: ['flip: the image carries text'] }]);
    expect(result.outputs.map((output) => output.lineage.augmenter)).toEqual(['image/blur', 'image/crop']);
    expect(result.outputs[0].lineage.params.skipped).toEqual([{ transform: 'colour-jitter', reason: 'colour is a catalog attribute (colour=red)' }]);
  });

  it('works as an augmenter over a batch', async () => {
    const augmenter = imageAugmenter({ outputDirectory: join(root, 'batch'), chains: [['crop'], ['noise']] });
    const outputs = await augmenter.augment([{ id: 'a', path: join(root, 'p3.png') }, { id: 'b', path: join(root, 'p4.png') }], { rng: createRng(1), seed: 1 });
    expect(outputs.map((output) => output.id)).toEqual(['a~0', 'a~1', 'b~0', 'b~1']);
    expect(augmenter.name).toBe('image/crop,noise');
  });

  it('rejects an unknown transform and an undecodable file with a message naming it', async () => {
    await expect(augmentImage({ id: 'a', path: join(root, 'p0.png') }, { outputDirectory: join(root, 'e'), chains: [['sharpen' as never]] }, 1)).rejects.toThrow(/unknown image transform "sharpen"/);
    await expect(augmentImage({ id: 'a', path: join(root, 'notes.txt') }, { outputDirectory: join(root, 'e') }, 1)).rejects.toThrow(/cannot decode image .*notes\.txt/);
  });
});

describe('augmentImageFolder', () => {
  it('streams a folder with bounded concurrency and writes lineage in directory order', async () => {
    const output = join(root, 'folder-out');
    const summary = await augmentImageFolder(
      { inputDirectory: root, outputDirectory: output, concurrency: 3, chains: [['flip'], ['scale']], describe: (name) => (name === 'p2.png' ? { hasText: true } : undefined) },
      5,
    );
    expect(summary).toMatchObject({ images: 6, outputs: 11, skippedChains: 1 });
    const lines = (await readFile(summary.lineagePath, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Augmented<ImageSample>);
    expect(lines).toHaveLength(11);
    expect(new Set(lines.map((line) => line.lineage.parentIds[0]))).toEqual(new Set(['p0.png', 'p1.png', 'p2.png', 'p3.png', 'p4.png', 'p5.png']));
    const files = (await readdir(output)).filter((name) => name.endsWith('.jpg'));
    expect(files).toHaveLength(11);
    expect((await readdir(output)).some((name) => name.includes('.partial'))).toBe(false);
    const again = await augmentImageFolder({ inputDirectory: root, outputDirectory: join(root, 'folder-again'), concurrency: 1, chains: [['flip'], ['scale']], describe: (name) => (name === 'p2.png' ? { hasText: true } : undefined) }, 5);
    const sameLines = (await readFile(again.lineagePath, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Augmented<ImageSample>);
    expect(sameLines.map((line) => line.lineage)).toEqual(lines.map((line) => line.lineage));
  });
});
