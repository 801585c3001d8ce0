/**
 * Scaling (issue 7 bar: two worker processes at least 1.7 times faster than one). The job is a
 * CPU-bound augmentation: EDA (Wei and Zou 2019; WordNet synonyms, alpha 0.1) over the Banking77
 * sentences (train and test, read in place from ../shared/data), each sentence repeated under
 * `--repeat` ids so every copy gets its own outputs, `--outputs` outputs per sentence. It runs
 * through one Redis with one `sampleforge worker` process, then with two; the coordinator runs here.
 *
 * Timed span, per run: enqueue, workers compute and write their shard files into the shared shard
 * folder, the coordinator confirms each shard from its manifest and merges the folder into one JSONL
 * file (streamed, every shard's sha256 checked). Workers are started and have loaded WordNet before
 * the clock starts. The baseline is the one-worker run of the same invocation; an in-process run
 * (no queue) is printed too, and every merged file must equal its bytes (checked through the
 * shards' sha256, each verified while merging).
 *
 *   npm run build && npx vite-node bench/distributed/speedup.ts [--repeat 8] [--outputs 16] [--shard-size 1000]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fingerprintFile } from '../../src/internal/fingerprint.js';
import { BUILTIN_SHARD_TASKS } from '../../src/pipeline/builtin-tasks.js';
import { createLocalExecutor } from '../../src/pipeline/local-executor.js';
import { createShardStore, type MergedShards } from '../../src/pipeline/shard-store.js';
import type { ShardExecutor } from '../../src/pipeline/shard-tasks.js';
import { planShards, type ShardSpec } from '../../src/pipeline/shards.js';
import type { TextSample } from '../../src/types.js';
import { createDistributedExecutor } from '../../src/workers/distributed-executor.js';
import { startTestRedis } from '../../src/workers/test-support/redis-server.js';
import { spawnWorker, type WorkerProcess } from '../../src/workers/test-support/worker-process.js';
import { DATA_ROOT, loadBanking77 } from '../text/read-datasets.js';

const { values } = parseArgs({
  options: { repeat: { type: 'string', default: '8' }, outputs: { type: 'string', default: '16' }, 'shard-size': { type: 'string', default: '1000' } },
});
const repeat = Number(values.repeat);
const outputs = Number(values.outputs);
const shardSize = Number(values['shard-size']);
const SEED = 5;

const files = await Promise.all(['train.csv', 'test.csv'].map((name) => fingerprintFile(join(DATA_ROOT, 'banking77', name))));
const { train, test } = await loadBanking77();
const sentences = [...train, ...test];
const records: TextSample[] = [];
for (let copy = 0; copy < repeat; copy++) {
  for (const [index, sentence] of sentences.entries()) records.push({ id: `b77-${copy}-${index}`, text: sentence.text, label: sentence.label, language: 'en' });
}
const steps = [{ augmenter: 'text/eda', outputsPerInput: outputs, alpha: 0.1 }];
const shards = planShards({ task: 'augment/text', records, shardSize, seed: SEED, options: { steps } });
console.log(`data: banking77 ${files.map((file) => `${file.path.split('/').at(-1)} sha256 ${file.sha256.slice(0, 16)}`).join(', ')}`);
console.log(`job: ${sentences.length} sentences x ${repeat} ids = ${records.length} inputs, text/eda x ${outputs} outputs, ${shards.length} shards of ${shardSize}, seed ${SEED}`);

interface Timed {
  label: string;
  seconds: number;
  executeSeconds: number;
  /** CPU seconds of this process while the shards ran (collecting them), and while merging. */
  executeCpuSeconds: number;
  mergeCpuSeconds: number;
  merged: Omit<MergedShards, 'manifests' | 'path'>;
}

/** Runs the plan with `executor` into a fresh folder and merges it; the folder is removed after. */
async function timedRun(label: string, executor: ShardExecutor, plan: readonly ShardSpec[]): Promise<Timed> {
  const store = createShardStore(await mkdtemp(join(tmpdir(), 'sf-speedup-')));
  try {
    const cpuSeconds = (since: NodeJS.CpuUsage) => {
      const used = process.cpuUsage(since);
      return (used.user + used.system) / 1e6;
    };
    let cpu = process.cpuUsage();
    const started = performance.now();
    await executor.execute(plan, store);
    const executeSeconds = (performance.now() - started) / 1000;
    const executeCpuSeconds = cpuSeconds(cpu);
    cpu = process.cpuUsage();
    const { count, bytes, digest } = await store.mergeToFile(plan, join(store.directory, 'merged.jsonl'));
    const seconds = (performance.now() - started) / 1000;
    return { label, seconds, executeSeconds, executeCpuSeconds, mergeCpuSeconds: cpuSeconds(cpu), merged: { count, bytes, digest } };
  } finally {
    await rm(store.directory, { recursive: true, force: true });
  }
}

/** Tiny shards until every worker has finished one, so all have loaded WordNet before timing. */
async function warmUp(executor: ShardExecutor, workers: readonly WorkerProcess[]): Promise<void> {
  for (let round = 0; round < 10; round++) {
    if (workers.every((worker) => worker.events.some((event) => event.type === 'shard-end'))) return;
    const plan = planShards({ task: 'augment/text', records: records.slice(0, workers.length * 2), shardSize: 1, seed: 1000 + round, options: { steps } });
    const store = createShardStore(await mkdtemp(join(tmpdir(), 'sf-speedup-warm-')));
    await executor.execute(plan, store);
    await rm(store.directory, { recursive: true, force: true });
  }
  throw new Error('warm-up: a worker never took a shard');
}

const print = (run: Timed) =>
  console.log(`${run.label}: ${run.seconds.toFixed(2)} s (workers ${run.executeSeconds.toFixed(2)} s + merge ${(run.seconds - run.executeSeconds).toFixed(2)} s), ` +
    `${run.merged.count} outputs, ${(run.merged.bytes / 1e6).toFixed(0)} MB; this process's CPU: ${run.executeCpuSeconds.toFixed(2)} s running, ${run.mergeCpuSeconds.toFixed(2)} s merging`);

const redis = await startTestRedis();
const runs: Timed[] = [];
try {
  for (const workersCount of [1, 2]) {
    const queueName = `speedup-${workersCount}`;
    const workers = Array.from({ length: workersCount }, () => spawnWorker(redis.url, queueName, 60_000));
    const executor = createDistributedExecutor({ redisUrl: redis.url, queueName, pollMs: 50 });
    try {
      await Promise.all(workers.map((worker) => worker.waitFor((event) => event.type === 'worker-ready')));
      await warmUp(executor, workers);
      runs.push(await timedRun(`${workersCount} worker(s)`, executor, shards));
      print(runs.at(-1)!);
    } finally {
      await executor.close();
      for (const worker of workers) worker.child.kill('SIGTERM');
      await Promise.all(workers.map((worker) => worker.exited));
    }
  }
} finally {
  await redis.stop();
}
// The in-process run loads WordNet before its clock starts too.
const [warmShard] = planShards({ task: 'augment/text', records: records.slice(0, 1), seed: 999, options: { steps } });
await BUILTIN_SHARD_TASKS['augment/text'].run(warmShard.input, warmShard.seed);
runs.push(await timedRun('in-process, no queue (reference)', createLocalExecutor(BUILTIN_SHARD_TASKS), shards));
print(runs.at(-1)!);

const [one, two, local] = runs;
console.log(`speedup, 2 workers vs 1 (baseline, same run): ${(one.seconds / two.seconds).toFixed(2)}x  (bar: >= 1.7x); workers only, without the merge: ${(one.executeSeconds / two.executeSeconds).toFixed(2)}x`);
const identical = runs.every((run) => run.merged.digest === local.merged.digest && run.merged.bytes === local.merged.bytes);
console.log(`merged files byte-identical to the in-process run: ${identical} (digest of the shards' sha256 ${local.merged.digest.slice(0, 16)})`);
if (!identical) process.exitCode = 1;
