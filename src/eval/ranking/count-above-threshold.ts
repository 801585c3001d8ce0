import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { SampleForgeError } from '../../errors.js';
import { TILE_ITEMS, TILE_USERS, createScoreCountModule, wasmApi, type WasmApi, type WasmModule } from './score-count-wasm.js';

/** Input of {@link countAboveThreshold}. */
export interface CountAboveThresholdInput {
  dim: number;
  /** `numUsers * dim` user vectors, row-major. */
  users: Float32Array;
  /** `(numItems + 1) * dim` item vectors, row-major; row 0 (padding) is skipped. */
  items: Float32Array;
  /** One score per user; items are counted against it. */
  thresholds: Float32Array;
  /** Threads to use (the calling thread counts as one); default: available cores, at most 2. */
  threads?: number;
  /**
   * Whether the calling thread computes too (default true). False runs all work in `threads`
   * workers, e.g. to keep an event loop responsive or to test the worker path.
   */
  useCallingThread?: boolean;
}

/** Per user: items 1..numItems whose kernel score is above, and equal to, the user's threshold. */
export interface ThresholdCounts {
  greater: Int32Array;
  equal: Int32Array;
}

const USERS_PER_CHUNK = 128;
/** 1,024 items of dim 64 are 256 KiB: they stay in a 1 MiB L2 while 128 users pass over them. */
const ITEM_BYTES_PER_CHUNK = 256 * 1024;
const moduleCache = new Map<number, WasmModule>();

function moduleFor(dim: number): WasmModule {
  let compiled = moduleCache.get(dim);
  if (compiled === undefined) {
    compiled = new wasmApi.Module(createScoreCountModule(dim));
    moduleCache.set(dim, compiled);
  }
  return compiled;
}

interface TileJob {
  module: WasmModule;
  dim: number;
  tileUsers: number;
  tileItems: number;
  numBlocks: number;
  blocksPerChunk: number;
  numGroups: number;
  groupsPerChunk: number;
  packedItems: Float32Array;
  users: Float32Array;
  thresholds: Float32Array;
  counts: Int32Array;
  next: Int32Array;
}

/**
 * Takes chunks of user groups from the shared counter until none is left and writes lane-summed
 * counts. Runs on the calling thread and, as source text, in each worker: so it must stay one
 * self-contained function without inner functions or imports.
 */
function runTiles(job: TileJob): void {
  const usersPerGroup = job.tileUsers;
  const usersPerChunk = job.groupsPerChunk * usersPerGroup;
  const itemBytes = job.packedItems.length * 4;
  const userBytes = usersPerChunk * job.dim * 4;
  // Per group: greater then equal counters, one i32x4 per user each.
  const countBytesPerGroup = usersPerGroup * 32;
  const pages = Math.ceil((itemBytes + userBytes + usersPerChunk * 4 + job.groupsPerChunk * countBytesPerGroup) / 65536) + 1;
  const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const memory = new wasm.Memory({ initial: pages });
  const instance = new wasm.Instance(job.module, { env: { memory } });
  const tile = instance.exports.tile as (up: number, ip: number, blocks: number, thr: number, cnt: number) => void;
  const floats = new Float32Array(memory.buffer);
  const ints = new Int32Array(memory.buffer);
  floats.set(job.packedItems, 0);
  const userOffset = itemBytes;
  const thresholdOffset = userOffset + userBytes;
  const countOffset = thresholdOffset + usersPerChunk * 4;
  const blockBytes = job.tileItems * job.dim * 4;
  for (;;) {
    const chunk = Atomics.add(job.next, 0, 1);
    const firstGroup = chunk * job.groupsPerChunk;
    if (firstGroup >= job.numGroups) return;
    const groups = Math.min(job.groupsPerChunk, job.numGroups - firstGroup);
    const firstUser = firstGroup * usersPerGroup;
    floats.set(job.users.subarray(firstUser * job.dim, (firstUser + groups * usersPerGroup) * job.dim), userOffset / 4);
    floats.set(job.thresholds.subarray(firstUser, firstUser + groups * usersPerGroup), thresholdOffset / 4);
    ints.fill(0, countOffset / 4, (countOffset + groups * countBytesPerGroup) / 4);
    // Item chunks that stay in L2 while every user group of the chunk passes over them.
    for (let firstBlock = 0; firstBlock < job.numBlocks; firstBlock += job.blocksPerChunk) {
      const blocks = Math.min(job.blocksPerChunk, job.numBlocks - firstBlock);
      for (let group = 0; group < groups; group++) {
        tile(userOffset + group * usersPerGroup * job.dim * 4, firstBlock * blockBytes, blocks, thresholdOffset + group * usersPerGroup * 4, countOffset + group * countBytesPerGroup);
      }
    }
    for (let user = 0; user < groups * usersPerGroup; user++) {
      const group = Math.floor(user / usersPerGroup);
      const base = (countOffset + group * countBytesPerGroup) / 4 + (user - group * usersPerGroup) * 4;
      const equalBase = base + usersPerGroup * 4;
      const index = (firstUser + user) * 2;
      job.counts[index] = ints[base] + ints[base + 1] + ints[base + 2] + ints[base + 3];
      job.counts[index + 1] = ints[equalBase] + ints[equalBase + 1] + ints[equalBase + 2] + ints[equalBase + 3];
    }
  }
}

const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const runTiles = ${runTiles.toString()};
const job = workerData;
job.packedItems = new Float32Array(job.packedItemsBuffer);
job.users = new Float32Array(job.usersBuffer);
job.thresholds = new Float32Array(job.thresholdsBuffer);
job.counts = new Int32Array(job.countsBuffer);
job.next = new Int32Array(job.nextBuffer);
runTiles(job);
parentPort.postMessage('done');
`;

function sharedFloats(length: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(length * 4));
}

/**
 * Counts, for every user, the items whose dot-product score is above and equal to the user's
 * threshold, with the WebAssembly SIMD tile of `score-count-wasm.ts` on `threads` threads
 * (worker_threads over SharedArrayBuffer; users are handed out in chunks of 128 from an atomic
 * counter so a busy core takes fewer). Scores are float32, computed as {@link scoreLikeKernel}.
 */
export async function countAboveThreshold(input: CountAboveThresholdInput): Promise<ThresholdCounts> {
  const { dim, users, items, thresholds } = input;
  const numUsers = thresholds.length;
  const numItems = items.length / dim - 1;
  if (users.length !== numUsers * dim || !Number.isInteger(numItems) || numItems < 0) {
    throw new SampleForgeError('E_USAGE', `countAboveThreshold: expected ${numUsers} x ${dim} user floats and (numItems + 1) x ${dim} item floats, got ${users.length} and ${items.length}`, {
      details: { dim, users: users.length, items: items.length, thresholds: numUsers },
    });
  }
  const numBlocks = Math.ceil(numItems / TILE_ITEMS);
  const numGroups = Math.ceil(numUsers / TILE_USERS);
  const packedItems = sharedFloats(numBlocks * TILE_ITEMS * dim);
  for (let item = 1; item <= numItems; item++) {
    const slot = item - 1;
    const base = Math.floor(slot / TILE_ITEMS) * TILE_ITEMS * dim + (slot % TILE_ITEMS);
    for (let d = 0; d < dim; d++) packedItems[base + d * TILE_ITEMS] = items[item * dim + d];
  }
  const paddedUsers = sharedFloats(numGroups * TILE_USERS * dim);
  paddedUsers.set(users);
  const paddedThresholds = sharedFloats(numGroups * TILE_USERS);
  paddedThresholds.set(thresholds);
  const counts = new Int32Array(new SharedArrayBuffer(numGroups * TILE_USERS * 2 * 4));
  const next = new Int32Array(new SharedArrayBuffer(4));
  const module = moduleFor(dim);
  const requested = Math.max(1, input.threads ?? Math.min(2, availableParallelism()));
  // Small inputs get smaller chunks so every thread still has work to take.
  const groupsPerChunk = Math.max(1, Math.min(USERS_PER_CHUNK / TILE_USERS, Math.ceil(numGroups / (requested * 4))));
  const blocksPerChunk = Math.max(1, Math.floor(ITEM_BYTES_PER_CHUNK / (TILE_ITEMS * dim * 4)));
  const threads = Math.min(requested, Math.ceil(numGroups / groupsPerChunk));

  const useCallingThread = input.useCallingThread ?? true;
  const workers: Promise<void>[] = [];
  for (let index = useCallingThread ? 1 : 0; index < threads; index++) {
    const workerData = {
      module,
      dim,
      tileUsers: TILE_USERS,
      tileItems: TILE_ITEMS,
      numBlocks,
      blocksPerChunk,
      numGroups,
      groupsPerChunk,
      packedItemsBuffer: packedItems.buffer,
      usersBuffer: paddedUsers.buffer,
      thresholdsBuffer: paddedThresholds.buffer,
      countsBuffer: counts.buffer,
      nextBuffer: next.buffer,
    };
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData });
    workers.push(
      new Promise<void>((resolve, reject) => {
        worker.once('message', () => resolve());
        worker.once('error', (error) => reject(new SampleForgeError('E_INTERNAL', `ranking worker failed: ${error.message}`, { cause: error })));
        worker.once('exit', (code) => (code === 0 ? resolve() : reject(new SampleForgeError('E_INTERNAL', `ranking worker exited with code ${code}`))));
      }).finally(() => void worker.terminate()),
    );
  }
  if (useCallingThread) runTiles({ module, dim, tileUsers: TILE_USERS, tileItems: TILE_ITEMS, numBlocks, blocksPerChunk, numGroups, groupsPerChunk, packedItems, users: paddedUsers, thresholds: paddedThresholds, counts, next });
  await Promise.all(workers);

  const padding = numBlocks * TILE_ITEMS - numItems;
  const greater = new Int32Array(numUsers);
  const equal = new Int32Array(numUsers);
  for (let user = 0; user < numUsers; user++) {
    greater[user] = counts[user * 2];
    equal[user] = counts[user * 2 + 1];
    // Padding items are zero vectors: their score is exactly 0.
    if (padding > 0) {
      if (0 > thresholds[user]) greater[user] -= padding;
      else if (0 === thresholds[user]) equal[user] -= padding;
    }
  }
  return { greater, equal };
}
