/**
 * Issue 8 bar: 1,000 images of 512 x 512 through 4 transforms each in under 20 s on this 2-core
 * machine, memory bounded. Measured two ways: 4 outputs per image, one transform each (flip,
 * rotate, crop, colour jitter: 4,000 encodes), and one output per image through a chain of the 4.
 * The baseline in the same run decodes and re-encodes each image 4 times with no transform.
 *
 * Output: JPEG quality 90, 4:2:0 chroma, baseline Huffman tables (no optimiseCoding), mozjpeg's
 * trellis and progressive modes off: the fast libjpeg-turbo path sharp takes by default.
 * Concurrency: one image in flight per core; each image is decoded once and its chains encode in
 * libuv's pool (UV_THREADPOOL_SIZE, default 4) with one libvips thread each (sharp.concurrency()).
 *
 * Figures: wall time, CPU seconds (user + system, every thread, from process.cpuUsage) and the
 * main thread's busy time (event-loop utilisation). On a shared machine wall time mostly measures
 * the other jobs; on a quiet one it is about max(main-thread busy, CPU / cores).
 * Run: npx vite-node bench/image/augment-folder.ts [count]
 */
import { mkdir, rm } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { augmentImageFolder } from '../../src/augment/image/augment-image-folder.js';
import { createRng } from '../../src/internal/rng.js';

const COUNT = Number(process.argv[2] ?? 1000);
const SIZE = 512;
const CONCURRENCY = availableParallelism();
const QUALITY = 90;
const root = resolve(process.cwd(), 'bench/.out/image');
const input = join(root, 'input');
const peakMiB = (): string => (process.resourceUsage().maxRSS / 1024).toFixed(0);
/** CPU seconds (user + system, all threads) since `since`: on a shared machine, less noisy than wall time. */
const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};

/** A catalog-like picture: a soft gradient with a few solid shapes, seeded. */
function drawImage(seed: number): Buffer {
  const rng = createRng(seed);
  const data = Buffer.alloc(SIZE * SIZE * 3);
  const base = [rng.int(256), rng.int(256), rng.int(256)];
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const offset = (y * SIZE + x) * 3;
      data[offset] = (base[0] + (x >> 2)) & 255;
      data[offset + 1] = (base[1] + (y >> 2)) & 255;
      data[offset + 2] = base[2];
    }
  }
  for (let shape = 0; shape < 4; shape++) {
    const [left, top, width, height] = [rng.int(SIZE - 64), rng.int(SIZE - 64), 32 + rng.int(160), 32 + rng.int(160)];
    const colour = [rng.int(256), rng.int(256), rng.int(256)];
    for (let y = top; y < Math.min(SIZE, top + height); y++) {
      for (let x = left; x < Math.min(SIZE, left + width); x++) data.set(colour, (y * SIZE + x) * 3);
    }
  }
  return data;
}

async function pool<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

await rm(root, { recursive: true, force: true });
await mkdir(input, { recursive: true });
const names = Array.from({ length: COUNT }, (_, i) => `img${String(i).padStart(5, '0')}.jpg`);
const started = performance.now();
await pool(names.map((name, i) => ({ name, i })), async ({ name, i }) => {
  await sharp(drawImage(i), { raw: { width: SIZE, height: SIZE, channels: 3 } }).jpeg({ quality: 90 }).toFile(join(input, name));
});
console.log(`generated ${COUNT} images of ${SIZE}x${SIZE} in ${((performance.now() - started) / 1000).toFixed(2)} s (peak RSS so far ${peakMiB()} MiB)`);

/** Runs `work` and reports wall seconds, CPU seconds of every thread, and the main thread's busy seconds. */
async function measure<T>(work: () => Promise<T>): Promise<{ result: T; wall: number; cpu: number; mainBusy: number }> {
  const cpu = process.cpuUsage();
  const loop = performance.eventLoopUtilization();
  const begun = performance.now();
  const result = await work();
  const wall = (performance.now() - begun) / 1000;
  return { result, wall, cpu: cpuSeconds(cpu), mainBusy: performance.eventLoopUtilization(loop).active / 1000 };
}
const figures = (run: { wall: number; cpu: number; mainBusy: number }): string =>
  `${run.wall.toFixed(2)} s wall, ${run.cpu.toFixed(2)} s CPU (${((run.cpu * 1000) / COUNT).toFixed(1)} ms per image), main thread busy ${run.mainBusy.toFixed(2)} s`;

// The codec floor, with the same concurrency and fan-out: decode once, encode the pixels 4 times.
const baselineOut = join(root, 'baseline');
await mkdir(baselineOut, { recursive: true });
const baseline = await measure(() =>
  pool(names, async (name) => {
    const { data, info } = await sharp(join(input, name)).rotate().raw().toBuffer({ resolveWithObject: true });
    await Promise.all(
      [0, 1, 2, 3].map((k) =>
        sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
          .jpeg({ quality: QUALITY, optimiseCoding: false })
          .toFile(join(baselineOut, `${name}.${k}.jpg`)),
      ),
    );
  }),
);
console.log(`baseline  decode + 4 encodes, no transform: ${figures(baseline)} (peak RSS so far ${peakMiB()} MiB)`);

// Every tenth image is a red item (colour is an attribute), every seventh carries text.
const describe = (name: string) => {
  const index = Number(name.slice(3, 8));
  const attributes: Record<string, string> = index % 10 === 0 ? { colour: 'red' } : {};
  return { attributes, hasText: index % 7 === 0 };
};
const runs = [
  ['4 outputs per image, one transform each', [['flip'], ['rotate'], ['crop'], ['colour-jitter']]],
  ['1 output per image, a chain of 4 transforms', [['flip', 'rotate', 'crop', 'colour-jitter']]],
] as const;
const walls: number[] = [];
for (const [label, chains] of runs) {
  const run = await measure(() =>
    augmentImageFolder(
      { inputDirectory: input, outputDirectory: join(root, `augmented-${chains.length}`), concurrency: CONCURRENCY, quality: QUALITY, chains: chains.map((chain) => [...chain]), describe },
      42,
    ),
  );
  walls.push(run.wall);
  const summary = run.result;
  console.log(`augmented (${label}): ${summary.images} images -> ${summary.outputs} outputs (${summary.skippedChains} chains refused by attributes): ${figures(run)}, ${(run.cpu / baseline.cpu).toFixed(2)}x baseline CPU (peak RSS so far ${peakMiB()} MiB)`);
}
const verdict = (seconds: number): string => `${seconds.toFixed(2)} s ${seconds < 20 ? 'met' : 'NOT met'}`;
const load = loadavg()[0];
console.log(`bar: ${COUNT} images x 4 transforms < 20 s wall -> 4 outputs each: ${verdict(walls[0])}; chain of 4: ${verdict(walls[1])} (load average ${load.toFixed(1)} on ${availableParallelism()} cores, sharp.concurrency ${sharp.concurrency()}, UV_THREADPOOL_SIZE ${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}, ${CONCURRENCY} images in flight)`);
if (load > 1) console.log(`note: load average ${load.toFixed(1)}: other jobs share the cores, so wall time is inflated; CPU seconds are the comparable figure`);
