/**
 * Attribute-aware augmentation of one product image: each chain of transforms gives one output
 * image, written atomically, with its lineage. A transform that would change a catalog attribute is
 * left out and the reason recorded: no colour jitter when colour is an attribute of the item, no
 * flip when the image is flagged as carrying text (mirrored text is not the product).
 */
import { availableParallelism } from 'node:os';
import { basename, extname, join } from 'node:path';
import sharp from 'sharp';
import { SampleForgeError } from '../../errors.js';
import { produceFileAtomic } from '../../internal/atomic-write.js';
import { createRng, deriveSeed } from '../../internal/rng.js';
import type { Augmented, Augmenter } from '../../types.js';
import {
  DEFAULT_IMAGE_TRANSFORM_RANGES,
  drawTransformParams,
  IMAGE_TRANSFORMS,
  renderChain,
  type ImageTransformName,
  type ImageTransformRanges,
  type RawImage,
} from './image-transforms.js';

/** A product image and what the catalog says about it. */
export interface ImageSample {
  id: string;
  path: string;
  itemId?: string;
  /** Catalog attributes of the item, e.g. `{ colour: 'red' }`. */
  attributes?: Record<string, string>;
  /** The image shows text (a label, a slogan), so mirroring it would change the product. */
  hasText?: boolean;
}

export interface ImageAugmentOptions {
  /** Folder the augmented images are written to. */
  outputDirectory: string;
  /** Chains of transforms; each gives one output per image. Default: flip, rotate, crop, colour-jitter, one each. */
  chains?: ImageTransformName[][];
  ranges?: Partial<ImageTransformRanges>;
  /** Output encoding; default `jpeg`. */
  format?: 'jpeg' | 'png' | 'webp';
  /** JPEG/WebP quality 1-100; default 90. JPEG is baseline libjpeg-turbo-speed coding (no mozjpeg trellis, no Huffman optimisation); WebP uses effort 2 of 6. */
  quality?: number;
  /** Attribute keys that make colour part of the product; default `colour`, `color`. */
  colourAttributes?: string[];
}

export const DEFAULT_IMAGE_CHAINS: readonly ImageTransformName[][] = Object.freeze([['flip'], ['rotate'], ['crop'], ['colour-jitter']]);

/** Transforms this image's catalog facts forbid, with the reason. */
export function forbiddenTransforms(sample: ImageSample, colourAttributes: readonly string[] = ['colour', 'color']): Map<ImageTransformName, string> {
  const forbidden = new Map<ImageTransformName, string>();
  const colourKey = colourAttributes.find((key) => sample.attributes?.[key] !== undefined && sample.attributes[key] !== '');
  if (colourKey !== undefined) forbidden.set('colour-jitter', `colour is a catalog attribute (${colourKey}=${sample.attributes?.[colourKey]})`);
  if (sample.hasText === true) forbidden.set('flip', 'the image carries text');
  return forbidden;
}

export interface ImageAugmentResult {
  outputs: Augmented<ImageSample>[];
  /** Chains that produced nothing because every transform in them was forbidden. */
  skipped: { chain: ImageTransformName[]; reasons: string[] }[];
}

async function decode(path: string): Promise<RawImage> {
  try {
    // rotate() applies the EXIF orientation, so what is transformed is what a viewer shows.
    const { data, info } = await sharp(path).rotate().raw().toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels: info.channels };
  } catch (cause) {
    throw new SampleForgeError('E_DATA', `cannot decode image ${path}: ${(cause as Error).message}; check the file or leave it out of the folder`, { details: { file: path }, cause });
  }
}

function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** Augments one image with every chain; same seed, same image and options give the same bytes. */
export async function augmentImage(sample: ImageSample, options: ImageAugmentOptions, seed: number): Promise<ImageAugmentResult> {
  const chains = options.chains ?? DEFAULT_IMAGE_CHAINS;
  for (const chain of chains) {
    for (const name of chain) {
      if (!IMAGE_TRANSFORMS.includes(name)) {
        throw new SampleForgeError('E_USAGE', `unknown image transform "${name}" (known: ${IMAGE_TRANSFORMS.join(', ')})`, { details: { transform: name } });
      }
    }
  }
  const ranges: ImageTransformRanges = { ...DEFAULT_IMAGE_TRANSFORM_RANGES, ...options.ranges };
  const forbidden = forbiddenTransforms(sample, options.colourAttributes);
  const format = options.format ?? 'jpeg';
  const extension = format === 'jpeg' ? 'jpg' : format;
  const quality = options.quality ?? 90;
  const source = await decode(sample.path);
  const result: ImageAugmentResult = { outputs: [], skipped: [] };
  // Decoded once, fanned out: each chain renders from the same pixels on this thread, and its
  // encode and write run in libvips' pool while the next chain renders.
  const writes: Promise<unknown>[] = [];
  let settled: PromiseSettledResult<unknown>[] = [];
  try {
    for (const [chainIndex, chain] of chains.entries()) {
      const allowed = chain.filter((name) => !forbidden.has(name));
      const skippedHere = chain.filter((name) => forbidden.has(name)).map((name) => ({ transform: name, reason: forbidden.get(name) ?? '' }));
      if (allowed.length === 0) {
        result.skipped.push({ chain, reasons: skippedHere.map((entry) => `${entry.transform}: ${entry.reason}`) });
        continue;
      }
      const chainSeed = deriveSeed(seed, sample.id, chainIndex);
      const rng = createRng(chainSeed);
      const steps = allowed.map((name) => ({ name, params: drawTransformParams(name, rng, source.width, source.height, ranges) }));
      const id = `${sample.id}~${chainIndex}`;
      const path = join(options.outputDirectory, `${safeName(basename(sample.path, extname(sample.path)))}.aug${chainIndex}.${extension}`);
      const rendered = await renderChain(source, steps, ranges);
      // Huffman optimisation doubles JPEG encode time for about 5 percent smaller files; not worth it here.
      const encoded = format === 'png' ? rendered.png() : format === 'webp' ? rendered.webp({ quality, effort: 2 }) : rendered.jpeg({ quality, optimiseCoding: false });
      writes.push(produceFileAtomic(path, (temporary) => encoded.toFile(temporary)));
      const applied = steps.map((step) => ({ transform: step.name, ...step.params }));
      result.outputs.push({
        id,
        sample: { ...sample, id, path },
        lineage: {
          parentIds: [sample.id],
          augmenter: `image/${allowed.join('+')}`,
          params: { chain: chainIndex, transforms: applied, skipped: skippedHere, source: sample.path },
          seed: chainSeed,
          verdicts: [],
        },
      });
    }
  } finally {
    // Every started write settles before any error is raised (a chain failing to render included),
    // so no encode outlives the call.
    settled = await Promise.allSettled(writes);
  }
  const failure = settled.find((outcome) => outcome.status === 'rejected');
  if (failure !== undefined) {
    throw new SampleForgeError('E_IO', `cannot write an augmented image of ${sample.path}: ${(failure.reason as Error).message}`, { details: { file: sample.path }, cause: failure.reason });
  }
  return result;
}

/** An augmenter over image samples: every chain of `options` per image, one image per core at a time by default. */
export function imageAugmenter(options: ImageAugmentOptions & { concurrency?: number }): Augmenter<ImageSample> {
  return {
    name: `image/${(options.chains ?? DEFAULT_IMAGE_CHAINS).map((chain) => chain.join('+')).join(',')}`,
    async augment(samples, context) {
      const results: ImageAugmentResult[] = new Array(samples.length);
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < samples.length) {
          if (context.signal?.aborted) throw new SampleForgeError('E_CANCELLED', 'image augmentation cancelled');
          const index = next++;
          results[index] = await augmentImage(samples[index], options, context.seed);
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? availableParallelism()) }, worker));
      return results.flatMap((result) => result.outputs);
    },
  };
}
