/**
 * Scaling (issue 7 bar: two worker processes at least 1.7 times faster than one). The job is a
 * CPU-bound augmentation: EDA (Wei and Zou 2019; WordNet synonyms, alpha 0.1) over the Banking77
 * sentences (train and test, read in place from ../shared/data), each sentence repeated under
 * `--repeat` ids so every copy gets its own outputs, `--outputs` outputs per sentence. It runs
 * through one Redis with one `sampleforge worker` process, then with two; the coordinator runs here.
 *
 * Timed span, per run: enqueue, workers compute and write their shard files into the shared shard
 * folder, the coordinator confirms each shard from its manifest and commits the stage (checks every
 * planned shard is there once with its recorded size and writes the part list; `ShardStore.commit`).
 * Workers are started and have loaded WordNet before the clock starts. After the clock stops, the
 * whole output is read back through `readCommitted`, which checks every part's sha256: that time is
 * what the stage's consumer pays when it reads the records, printed apart (it is the same for any
 * number of workers). Every run's output must equal the in-process run's bytes (digest of the parts'
 * sha256, each part verified by the read-back).
 *
 * `--rounds` alternates one-worker and two-worker runs that many times (the workers stay up) and
 * reports each round's ratio and their median: this machine's timings vary by 10-20 % from run to
 * run, and a figure from one pair of runs says little. `--worker-node-args` passes V8 flags to the
 * worker processes (for instance `--max-semi-space-size=64`), the same for both pools.
 *
 *   npm run build && npx vite-node bench/distributed/speedup.ts [--rounds 3] [--repeat 8] [--outputs 16] [--shard-size 1000]
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
  options: {
    repeat: { type: 'string', default: '8' },
    outputs: { type: 'string', default: '16' },
    'shard-size': { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '3' },
    'worker-node-args': { type: 'string', default: '' },
  },
});
const rounds = Number(values.rounds);
const workerNodeArgs = values['worker-node-args'].split(' ').filter(Boolean);
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
  /** CPU seconds of this process while the shards ran (collecting them), and while committing. */
  executeCpuSeconds: number;
  commitCpuSeconds: number;
  /** Reading the committed output back with every part's sha256 checked (not timed in `seconds`). */
  readSeconds: number;
  merged: Omit<MergedShards, 'manifests' | 'path'>;
}

/** Runs the plan with `executor` into a fresh folder and commits it; the folder is removed after. */
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
    const { count, bytes, digest, path } = await store.commit(plan, join(store.directory, 'committed.json'));
    const seconds = (performance.now() - started) / 1000;
    const commitCpuSeconds = cpuSeconds(cpu);
    const reading = performance.now();
    let read = 0;
    for await (const record of store.readCommitted(path)) if (record !== undefined) read++;
    if (read !== count) throw new Error(`read back ${read} records of ${count}`);
    return { label, seconds, executeSeconds, executeCpuSeconds, commitCpuSeconds, readSeconds: (performance.now() - reading) / 1000, merged: { count, bytes, digest } };
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
  console.log(`${run.label}: ${run.seconds.toFixed(2)} s (workers ${run.executeSeconds.toFixed(2)} s + commit ${(run.seconds - run.executeSeconds).toFixed(2)} s), ` +
    `${run.merged.count} outputs, ${(run.merged.bytes / 1e6).toFixed(0)} MB; this process's CPU: ${run.executeCpuSeconds.toFixed(2)} s running, ${run.commitCpuSeconds.toFixed(2)} s committing; ` +
    `read back with checksums (untimed): ${run.readSeconds.toFixed(2)} s`);

const redis = await startTestRedis();
const byWorkers = new Map<number, Timed[]>([[1, []], [2, []]]);
const pools: { count: number; workers: WorkerProcess[]; executor: ShardExecutor & { close(): Promise<void> } }[] = [];
try {
  for (const count of [1, 2]) {
    const queueName = `speedup-${count}`;
    const workers = Array.from({ length: count }, () => spawnWorker(redis.url, queueName, 60_000, workerNodeArgs));
    const executor = createDistributedExecutor({ redisUrl: redis.url, queueName });
    pools.push({ count, workers, executor });
    await Promise.all(workers.map((worker) => worker.waitFor((event) => event.type === 'worker-ready')));
    await warmUp(executor, workers);
  }
  for (let round = 1; round <= rounds; round++) {
    for (const { count, executor } of pools) {
      const run = await timedRun(`round ${round}, ${count} worker(s)`, executor, shards);
      byWorkers.get(count)!.push(run);
      print(run);
    }
  }
} finally {
  for (const { workers, executor } of pools) {
    await executor.close();
    for (const worker of workers) worker.child.kill('SIGTERM');
    await Promise.all(workers.map((worker) => worker.exited));
  }
  await redis.stop();
}
// The in-process run loads WordNet before its clock starts too.
const [warmShard] = planShards({ task: 'augment/text', records: records.slice(0, 1), seed: 999, options: { steps } });
await BUILTIN_SHARD_TASKS['augment/text'].run(warmShard.input, warmShard.seed);
const local = await timedRun('in-process, no queue (reference)', createLocalExecutor(BUILTIN_SHARD_TASKS), shards);
print(local);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ones = byWorkers.get(1)!;
const twos = byWorkers.get(2)!;
const ratios = ones.map((one, index) => one.seconds / twos[index].seconds);
const workerRatios = ones.map((one, index) => one.executeSeconds / twos[index].executeSeconds);
console.log(`worker node args: ${workerNodeArgs.length ? workerNodeArgs.join(' ') : '(none)'}; in-process reference ${local.seconds.toFixed(2)} s`);
console.log(`speedup, 2 workers vs 1 (baseline, same run), per round: ${ratios.map((ratio) => `${ratio.toFixed(2)}x`).join(', ')}; median ${median(ratios).toFixed(2)}x  (bar: >= 1.7x)`);
console.log(`  median times: 1 worker ${median(ones.map((run) => run.seconds)).toFixed(2)} s, 2 workers ${median(twos.map((run) => run.seconds)).toFixed(2)} s; workers only, without the commit: median ${median(workerRatios).toFixed(2)}x`);
const all = [...ones, ...twos];
const identical = all.every((run) => run.merged.digest === local.merged.digest && run.merged.bytes === local.merged.bytes);
console.log(`outputs byte-identical to the in-process run: ${identical} (digest of the parts' sha256 ${local.merged.digest.slice(0, 16)}, every part verified on read-back)`);
if (!identical) process.exitCode = 1;
