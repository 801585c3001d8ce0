/**
 * Multiply-adds per CPU second of the wasm ranking tile for several register-tile shapes (users x
 * items), dim 64, 1,024 items per call (an L2-sized chunk, as the evaluator uses). CPU time, not
 * wall time, so other processes on the machine do not distort the comparison.
 *
 *   npx vite-node bench/eval-ranking/kernel-tiles.ts
 */
import { createScoreCountModule, wasmApi } from '../../src/eval/ranking/score-count-wasm.js';

const DIM = 64;
const ITEMS = 1024;
const shapes: [users: number, items: number][] = [
  [2, 8],
  [4, 8],
  [1, 16],
  [2, 16],
  [3, 8],
  [4, 4],
  [2, 8],
  [4, 8],
];
for (const [users, items] of shapes) {
  const module = new wasmApi.Module(createScoreCountModule(DIM, users, items));
  const memory = new wasmApi.Memory({ initial: 64 });
  const tile = new wasmApi.Instance(module, { env: { memory } }).exports.tile as (up: number, ip: number, blocks: number, thr: number, cnt: number) => void;
  const blocks = ITEMS / items;
  const itemOffset = 16 * DIM * 4;
  const thresholdOffset = itemOffset + ITEMS * DIM * 4;
  const countOffset = thresholdOffset + 64;
  const floats = new Float32Array(memory.buffer);
  for (let i = 0; i < thresholdOffset / 4; i++) floats[i] = Math.sin(i);
  const calls = Math.round(20_000 / users);
  for (let call = 0; call < 500; call++) tile(0, itemOffset, blocks, thresholdOffset, countOffset);
  const start = process.cpuUsage();
  for (let call = 0; call < calls; call++) tile(0, itemOffset, blocks, thresholdOffset, countOffset);
  const used = process.cpuUsage(start);
  const seconds = (used.user + used.system) / 1e6;
  console.log(`tile ${users} users x ${String(items).padStart(2)} items: ${((calls * users * ITEMS * DIM) / seconds / 1e9).toFixed(2)} G multiply-adds per CPU second`);
}
