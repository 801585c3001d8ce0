/**
 * Full-ranking evaluation speed on Beauty's shape: all 22,363 users against 12,101 items, dim 64,
 * random embeddings (the cost does not depend on the values), the real leave-one-out masks.
 * Prints the optimised evaluator (wasm SIMD kernel on 2 threads and on 1) next to a naive per-user
 * JS loop measured in the same run on a sample of users and scaled to all users.
 *
 *   npx vite-node bench/eval-ranking/full-ranking.ts
 */
import os from 'node:os';
import { createRng } from '../../src/internal/rng.js';
import { evaluateRanking, splitHistories } from '../../src/eval/ranking/evaluate-ranking.js';
import type { Embeddings, Recommender } from '../../src/models/recommender.js';
import { leaveOneOut, readBeautySequences } from './read-beauty.js';

const DIM = 64;
const NAIVE_SAMPLE = 1000;

const { numItems, sequences } = readBeautySequences();
const data = leaveOneOut(numItems, sequences);
const numUsers = sequences.length;
const rng = createRng(1);
const userVectors = Float32Array.from({ length: numUsers * DIM }, () => rng.normal());
const itemVectors = Float32Array.from({ length: (numItems + 1) * DIM }, () => rng.normal());

const model: Recommender = {
  name: 'random-embeddings',
  numItems,
  embed(users): Embeddings {
    const rows = new Float32Array(users.length * DIM);
    users.forEach((user, row) => rows.set(userVectors.subarray(user * DIM, (user + 1) * DIM), row * DIM));
    return { dim: DIM, users: rows, items: itemVectors };
  },
  scoreBatch(users, _histories, out) {
    const width = numItems + 1;
    users.forEach((user, row) => {
      for (let item = 0; item < width; item++) {
        let sum = 0;
        for (let d = 0; d < DIM; d++) sum += userVectors[user * DIM + d] * itemVectors[item * DIM + d];
        out[row * width + item] = sum;
      }
    });
  },
};

/** The simple way: per user, score every item in a plain loop, mask with a Set, count the items above. */
function naiveRank(user: number, history: Int32Array, target: number): number {
  const masked = new Set(history);
  const scores = new Float64Array(numItems + 1);
  for (let item = 1; item <= numItems; item++) {
    let sum = 0;
    for (let d = 0; d < DIM; d++) sum += userVectors[user * DIM + d] * itemVectors[item * DIM + d];
    scores[item] = sum;
  }
  let rank = 0;
  for (let item = 1; item <= numItems; item++) if (item !== target && !masked.has(item) && scores[item] > scores[target]) rank++;
  return rank;
}

const { histories, targets } = splitHistories(data, 'test');
console.log(`users ${numUsers}, items ${numItems}, dim ${DIM}: ${((numUsers * numItems * DIM) / 1e9).toFixed(1)} G multiply-adds`);

/** Process CPU seconds (all threads) spent in `run`, next to its wall time: on a shared machine the wall time also counts waiting for a core. */
async function timed<T>(run: () => Promise<T>): Promise<{ result: T; wall: number; cpu: number }> {
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  const result = await run();
  const cpu = process.cpuUsage(cpuStart);
  return { result, wall: (performance.now() - wallStart) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

const load = (): string => `load average ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} cores`;
await evaluateRanking(model, data, { split: 'test', threads: 2 });
const fastRun = await timed(() => evaluateRanking(model, data, { split: 'test', threads: 2 }));
const fast = fastRun.result;
console.log(`wasm SIMD kernel, 2 threads: ${fastRun.wall.toFixed(2)} s wall, ${fastRun.cpu.toFixed(2)} s CPU (scoring, masking, ranking, metrics; ndcg@10 ${fast.metrics['ndcg@10'].toFixed(5)}; ${load()})`);
const singleRun = await timed(() => evaluateRanking(model, data, { split: 'test', threads: 1 }));
console.log(`wasm SIMD kernel, 1 thread:  ${singleRun.wall.toFixed(2)} s wall, ${singleRun.cpu.toFixed(2)} s CPU`);

const genericRun = await timed(() => evaluateRanking(model, { ...data, train: data.train.slice(0, NAIVE_SAMPLE), validTarget: data.validTarget.slice(0, NAIVE_SAMPLE), testTarget: data.testTarget.slice(0, NAIVE_SAMPLE) }, { split: 'test', useEmbeddings: false }));
console.log(`generic scoreBatch path (plain JS scores), ${NAIVE_SAMPLE} users: ${genericRun.wall.toFixed(2)} s wall, ${genericRun.cpu.toFixed(2)} s CPU -> ${((genericRun.cpu * numUsers) / NAIVE_SAMPLE).toFixed(1)} s CPU scaled to all users`);

let disagreements = 0;
const naiveRun = await timed(async () => {
  for (let user = 0; user < NAIVE_SAMPLE; user++) {
    const rank = naiveRank(user, histories[user], targets[user]);
    if (Math.abs(rank - fast.ranks[user]) > 0.5) disagreements++;
  }
});
const naiveAll = (naiveRun.cpu * numUsers) / NAIVE_SAMPLE;
console.log(
  `naive per-user JS loop, ${NAIVE_SAMPLE} users: ${naiveRun.wall.toFixed(2)} s wall, ${naiveRun.cpu.toFixed(2)} s CPU -> ${naiveAll.toFixed(1)} s CPU scaled to all users; ` +
    `kernel speed-up in CPU time ${(naiveAll / fastRun.cpu).toFixed(1)}x; rank disagreements (float64 vs float32 scores) ${disagreements}/${NAIVE_SAMPLE}`,
);
console.log(`${load()}; bar: all users under 3 s wall -> ${fastRun.wall < 3 ? 'met' : 'NOT met in this run'} (CPU ${fastRun.cpu.toFixed(2)} s over 2 threads)`);
