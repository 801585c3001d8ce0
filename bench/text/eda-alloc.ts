/**
 * Allocation and CPU of the speedup bench's work, in one process (issue 7): EDA x`--outputs` over
 * Banking77 (train and test) repeated under `--repeat` ids, planned into shards of `--shard-size`
 * exactly as `bench/distributed/speedup.ts` plans them, each shard run through the `augment/text`
 * shard task and encoded to JSONL with `runShardTask` (what a worker does before writing the file).
 *
 * Printed for the timed pass (after one untimed warm-up shard; hashing the output excluded):
 * - CPU seconds of the whole process (all threads: V8's parallel and concurrent GC helpers
 *   included) and of the main thread alone (/proc/self/task/PID/stat, 10 ms ticks). Their difference
 *   is the work a one-worker run gets for free on the idle core.
 * - Wall seconds (only meaningful on a quiet machine).
 * - Bytes allocated on the V8 heap, from `v8.GCProfiler`: the growth of the used heap between each
 *   collection's end and the next one's start, summed (Node 20 has no `total_allocated_bytes`).
 * - Collections by type with their main-thread pause time.
 * - The sha256 of all shards' bytes in plan order: any change to EDA must keep it.
 *
 *   nice -n 15 npx vite-node bench/text/eda-alloc.ts [--repeat 8] [--outputs 16] [--shard-size 1000] [--shards N]
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import { BUILTIN_SHARD_TASKS } from '../../src/pipeline/builtin-tasks.js';
import { planShards } from '../../src/pipeline/shards.js';
import { runShardTask } from '../../src/pipeline/shard-tasks.js';
import type { TextSample } from '../../src/types.js';
import { loadBanking77 } from './read-datasets.js';

const { values } = parseArgs({
  options: {
    repeat: { type: 'string', default: '8' },
    outputs: { type: 'string', default: '16' },
    'shard-size': { type: 'string', default: '1000' },
    /** Run only the first N shards (quick checks); the digest then covers those only. */
    shards: { type: 'string' },
  },
});
const repeat = Number(values.repeat);
const outputs = Number(values.outputs);
const shardSize = Number(values['shard-size']);
const SEED = 5;

const steps = [{ augmenter: 'text/eda', outputsPerInput: outputs, alpha: 0.1 }];

/**
 * The same records, steps and plan as bench/distributed/speedup.ts, kept as the JSON text a worker
 * receives through Redis (and parses per shard, as BullMQ does): the records themselves are dropped,
 * so the heap around the timed pass holds what a worker's holds (WordNet, code) and not 104,664
 * records that every full collection would have to mark.
 */
async function planJobs(): Promise<{ jobs: { seed: number; input: string; records: number }[]; total: number; warm: { seed: number; input: unknown } }> {
  const { train, test } = await loadBanking77();
  const sentences = [...train, ...test];
  const records: TextSample[] = [];
  for (let copy = 0; copy < repeat; copy++) {
    for (const [index, sentence] of sentences.entries()) records.push({ id: `b77-${copy}-${index}`, text: sentence.text, label: sentence.label, language: 'en' });
  }
  const planned = planShards({ task: 'augment/text', records, shardSize, seed: SEED, options: { steps } });
  const chosen = values.shards === undefined ? planned : planned.slice(0, Number(values.shards));
  const jobs = chosen.map((shard) => ({ seed: shard.seed, input: JSON.stringify(shard.input), records: (shard.input as { records: unknown[] }).records.length }));
  const [warm] = planShards({ task: 'augment/text', records: records.slice(0, 200), seed: 999, options: { steps } });
  return { jobs, total: planned.length, warm };
}
const { jobs, total, warm } = await planJobs();
const task = BUILTIN_SHARD_TASKS['augment/text'];

// Warm-up (WordNet load and JIT), as the speedup bench's workers are warm before its clock starts.
await runShardTask(task, warm.input, warm.seed);

/** Main-thread CPU seconds: utime + stime of the thread whose id is the process id. */
function mainThreadCpuSeconds(): number {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  // Fields after the command name (in parentheses, which may hold spaces): utime is field 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
const cpuSeconds = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1e6;

// With NODE_OPTIONS=--expose-gc: start from a collected heap and print its size.
if (global.gc !== undefined) {
  global.gc();
  console.log(`heap before the timed pass: ${(v8.getHeapStatistics().used_heap_size / 2 ** 20).toFixed(1)} MiB used`);
}
const profiler = new v8.GCProfiler();
const heapAtStart = v8.getHeapStatistics().used_heap_size;
profiler.start();
const cpuStart = process.cpuUsage();
const mainStart = mainThreadCpuSeconds();
const started = performance.now();
let hashCpu = 0;
let count = 0;
let bytes = 0;
const digest = createHash('sha256');
for (const job of jobs) {
  const output = await runShardTask(task, JSON.parse(job.input), job.seed);
  const hashStart = process.cpuUsage();
  digest.update(output.data);
  hashCpu += cpuSeconds(process.cpuUsage(hashStart));
  count += output.count;
  bytes += output.data.length;
}
const wall = (performance.now() - started) / 1000;
const mainCpu = mainThreadCpuSeconds() - mainStart - hashCpu;
const totalCpu = cpuSeconds(process.cpuUsage(cpuStart)) - hashCpu;
const heapAtEnd = v8.getHeapStatistics().used_heap_size;
const profile = profiler.stop();

interface GcEntry {
  gcType: string;
  cost: number;
  beforeGC: { heapStatistics: { usedHeapSize: number } };
  afterGC: { heapStatistics: { usedHeapSize: number } };
}
const entries = profile.statistics as unknown as GcEntry[];
let allocated = 0;
let previous = heapAtStart;
const byType = new Map<string, { count: number; micros: number }>();
for (const entry of entries) {
  allocated += Math.max(0, entry.beforeGC.heapStatistics.usedHeapSize - previous);
  previous = entry.afterGC.heapStatistics.usedHeapSize;
  const type = byType.get(entry.gcType) ?? { count: 0, micros: 0 };
  type.count++;
  type.micros += entry.cost;
  byType.set(entry.gcType, type);
}
allocated += Math.max(0, heapAtEnd - previous);

console.log(`job: ${jobs.length} of ${total} shards, ${jobs.reduce((sum, job) => sum + job.records, 0)} inputs x ${outputs} -> ${count} outputs, ${(bytes / 1e6).toFixed(1)} MB`);
console.log(`cpu: ${totalCpu.toFixed(2)} s all threads, ${mainCpu.toFixed(2)} s main thread (${(totalCpu / mainCpu).toFixed(3)} cores per main-thread core); wall ${wall.toFixed(2)} s`);
console.log(`allocated: ${(allocated / 2 ** 20).toFixed(0)} MiB on the V8 heap (${(allocated / count).toFixed(0)} B per output)`);
console.log(`gc: ${[...byType].map(([type, { count: n, micros }]) => `${type} ${n} x, ${(micros / 1000).toFixed(0)} ms`).join('; ')}`);
console.log(`sha256: ${digest.digest('hex')}`);
