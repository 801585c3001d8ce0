/**
 * Streams a folder of images through {@link augmentImage} with bounded concurrency: file names are
 * read from the directory as they are needed (never listed whole), at most `concurrency` images are
 * decoded at once, and lineage is appended to `lineage.jsonl` in directory order, which is renamed
 * into place when the folder is done.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, opendir, rename, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import { SampleForgeError } from '../../errors.js';
import { temporaryPathFor } from '../../internal/atomic-write.js';
import { augmentImage, type ImageAugmentOptions, type ImageAugmentResult, type ImageSample } from './augment-image.js';

export interface ImageFolderOptions extends ImageAugmentOptions {
  inputDirectory: string;
  /**
   * Images in flight at once; default one per core (`os.availableParallelism()`). Each image's
   * chains encode in libuv's pool (`UV_THREADPOOL_SIZE`, default 4), one libvips thread each
   * (`sharp.concurrency()`, 1 on glibc), so this bounds both CPU and memory: about
   * `concurrency x (chains + 1)` decoded images at once.
   */
  concurrency?: number;
  /** File extensions read, lower case with the dot; default .jpg, .jpeg, .png, .webp. */
  extensions?: string[];
  /** Catalog facts of an image (attributes, hasText, itemId) by file name; default none. */
  describe?: (fileName: string) => Omit<Partial<ImageSample>, 'path'> | undefined;
  signal?: AbortSignal;
}

export interface ImageFolderSummary {
  images: number;
  outputs: number;
  /** Chains left out because their transforms would change a catalog attribute. */
  skippedChains: number;
  lineagePath: string;
}

/** Augments every image of `options.inputDirectory` into `options.outputDirectory`; seeded per image and chain. */
export async function augmentImageFolder(options: ImageFolderOptions, seed: number): Promise<ImageFolderSummary> {
  const concurrency = Math.max(1, options.concurrency ?? availableParallelism());
  const extensions = new Set(options.extensions ?? ['.jpg', '.jpeg', '.png', '.webp']);
  let directory;
  try {
    directory = await opendir(options.inputDirectory);
  } catch (cause) {
    throw new SampleForgeError('E_IO', `cannot read image folder ${options.inputDirectory}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, {
      details: { directory: options.inputDirectory },
      cause,
    });
  }
  const entries = directory[Symbol.asyncIterator]();
  // Reads of the directory are serialised: workers ask for the next file one at a time.
  let reading: Promise<unknown> = Promise.resolve();
  let position = 0;
  const nextFile = (): Promise<{ name: string; position: number } | undefined> => {
    const result = reading.then(async () => {
      for (;;) {
        const next = await entries.next();
        if (next.done === true) return undefined;
        if ((next.value.isFile() || next.value.isSymbolicLink()) && extensions.has(extname(next.value.name).toLowerCase())) return { name: next.value.name, position: position++ };
      }
    });
    reading = result.catch(() => undefined);
    return result;
  };

  const lineagePath = join(options.outputDirectory, 'lineage.jsonl');
  await mkdir(options.outputDirectory, { recursive: true });
  const temporary = temporaryPathFor(lineagePath);
  const lineage = createWriteStream(temporary);
  // Results are written in directory order: a finished image waits for the ones read before it.
  const finished = new Map<number, ImageAugmentResult>();
  let written = 0;
  const summary: ImageFolderSummary = { images: 0, outputs: 0, skippedChains: 0, lineagePath };
  const writeReady = async (): Promise<void> => {
    for (let result = finished.get(written); result !== undefined; result = finished.get(written)) {
      finished.delete(written);
      written++;
      for (const output of result.outputs) {
        if (!lineage.write(`${JSON.stringify(output)}\n`)) await once(lineage, 'drain');
      }
    }
  };
  // One writer at a time, or lines of two images could interleave while one waits for 'drain'.
  let flushing: Promise<void> = Promise.resolve();
  const flush = (): Promise<void> => {
    flushing = flushing.then(writeReady);
    return flushing;
  };
  let failed = false;

  const worker = async (): Promise<void> => {
    for (let file = await nextFile(); file !== undefined && !failed; file = await nextFile()) {
      if (options.signal?.aborted) throw new SampleForgeError('E_CANCELLED', 'image augmentation cancelled', { details: { done: summary.images } });
      const facts = options.describe?.(file.name) ?? {};
      const sample: ImageSample = { id: facts.id ?? file.name, ...facts, path: join(options.inputDirectory, file.name) };
      const result = await augmentImage(sample, options, seed).catch((error: unknown) => {
        failed = true;
        throw error;
      });
      summary.images++;
      summary.outputs += result.outputs.length;
      summary.skippedChains += result.skipped.length;
      finished.set(file.position, result);
      await flush();
    }
  };

  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
    await flush();
    lineage.end();
    await once(lineage, 'finish');
    await rename(temporary, lineagePath);
  } catch (error) {
    lineage.destroy();
    await rm(temporary, { force: true });
    throw error;
  } finally {
    await directory.close().catch(() => undefined);
  }
  return summary;
}
