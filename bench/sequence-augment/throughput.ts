/**
 * Augmented sequences per second on the real Beauty sequences (22,363 users, mean length 8.9):
 * the fast Int32Array functions that trainers call, next to the same augmenters through the
 * `Augmenter<Sequence>` API (string items, one lineage record per output) measured in this run.
 *
 *   npx vite-node bench/sequence-augment/throughput.ts
 */
import os from 'node:os';
import { createCropAugmenter, cropSequence } from '../../src/augment/sequence/crop.js';
import { createCooccurrenceCorrelation } from '../../src/augment/sequence/item-correlation.js';
import { insertSequence } from '../../src/augment/sequence/insert.js';
import { createMaskAugmenter, maskSequence } from '../../src/augment/sequence/mask.js';
import { createRandomSequenceAugmentation } from '../../src/augment/sequence/random-augmentation.js';
import { createReorderAugmenter, reorderSequence } from '../../src/augment/sequence/reorder.js';
import { substituteSequence } from '../../src/augment/sequence/substitute.js';
import { createRng, type Rng } from '../../src/internal/rng.js';
import type { Augmenter, Sequence } from '../../src/types.js';
import { readBeautySequences } from '../eval-ranking/read-beauty.js';

const { numItems, sequences } = readBeautySequences();
const rng = createRng(7);
const out = new Int32Array(1024);
const MIN_SECONDS = 1;

/**
 * Rates per wall second and per CPU second of this process: on a machine shared with other jobs the
 * wall rate also counts time spent waiting for a core, the CPU rate is what one core delivers.
 */
function rate(label: string, augment: (items: Int32Array, rng: Rng, out: Int32Array) => Int32Array): number {
  let produced = 0;
  let checksum = 0;
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  while (performance.now() - started < MIN_SECONDS * 1000) {
    for (const items of sequences) checksum += augment(items, rng, out).length;
    produced += sequences.length;
  }
  const cpu = process.cpuUsage(cpuStart);
  const perWallSecond = produced / ((performance.now() - started) / 1000);
  const perCpuSecond = produced / ((cpu.user + cpu.system) / 1e6);
  console.log(`${label.padEnd(34)} ${(perWallSecond / 1e6).toFixed(2)} M sequences per wall second, ${(perCpuSecond / 1e6).toFixed(2)} M per CPU second (items out ${checksum})`);
  return perCpuSecond;
}

async function apiRate(label: string, augmenter: Augmenter<Sequence>): Promise<number> {
  const samples: Sequence[] = sequences.map((items, user) => ({ userId: String(user), items: Array.from(items, String) }));
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const outputs = await augmenter.augment(samples, { rng: createRng(7), seed: 7 });
  const cpu = process.cpuUsage(cpuStart);
  const perWallSecond = outputs.length / ((performance.now() - started) / 1000);
  const perCpuSecond = outputs.length / ((cpu.user + cpu.system) / 1e6);
  console.log(`${label.padEnd(34)} ${(perWallSecond / 1e6).toFixed(2)} M sequences per wall second, ${(perCpuSecond / 1e6).toFixed(2)} M per CPU second`);
  return perCpuSecond;
}

console.log(`Beauty: ${sequences.length} sequences, ${numItems} items, mean length ${(sequences.reduce((sum, items) => sum + items.length, 0) / sequences.length).toFixed(2)}`);
const crop = rate('crop (eta 0.6), fast', (items, r, o) => cropSequence(items, 0.6, r, o));
const mask = rate('mask (gamma 0.3), fast', (items, r, o) => maskSequence(items, 0.3, numItems + 1, r, o));
const reorder = rate('reorder (beta 0.6), fast', (items, r, o) => reorderSequence(items, 0.6, r, o));
const correlationStarted = performance.now();
const correlation = createCooccurrenceCorrelation(sequences, numItems);
console.log(`co-occurrence correlation (ItemCF-IUF, top 20): built in ${((performance.now() - correlationStarted) / 1000).toFixed(2)} s`);
rate('substitute (0.1), fast', (items, r, o) => substituteSequence(items, 0.1, correlation, r, o));
rate('insert (0.4), fast', (items, r, o) => insertSequence(items, 0.4, correlation, r, o));
const random = createRandomSequenceAugmentation({ maskToken: numItems + 1, correlation });
rate('random (CoSeRec), fast', (items, r, o) => random(items, r, o).items);
const cropApi = await apiRate('crop, Augmenter<Sequence> + lineage', createCropAugmenter());
const maskApi = await apiRate('mask, Augmenter<Sequence> + lineage', createMaskAugmenter({ numItems }));
const reorderApi = await apiRate('reorder, Augmenter<Sequence> + lineage', createReorderAugmenter());
console.log(
  `fast / API per CPU second: crop ${(crop / cropApi).toFixed(1)}x, mask ${(mask / maskApi).toFixed(1)}x, reorder ${(reorder / reorderApi).toFixed(1)}x; ` +
    `bar (>= 1 M per CPU second for crop, mask, reorder): ${Math.min(crop, mask, reorder) >= 1e6 ? 'met' : 'NOT met'}; load average ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} cores`,
);
