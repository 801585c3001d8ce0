/**
 * How many cores ONE `sampleforge worker` process uses on the speedup bench's job (issue 7): its
 * CPU time over all threads and over its main thread alone (Linux /proc), and its scavenges and
 * mark-compacts (`--trace-gc` in the worker). Whatever the worker's other threads do (V8's parallel
 * and concurrent GC above all) is work a one-worker run gets from the idle core for free and two
 * workers must share, so `all / main` caps the two-worker speedup on a 2-core machine near
 * 2 / (all / main). Same records, steps, plan and seed as bench/distributed/speedup.ts.
 *
 *   npm run build && npx vite-node bench/distributed/worker-cpu.ts [--rounds 2]
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createShardStore } from '../../src/pipeline/shard-store.js';
import { planShards } from '../../src/pipeline/shards.js';
import type { TextSample } from '../../src/types.js';
import { createDistributedExecutor } from '../../src/workers/distributed-executor.js';
import { startTestRedis } from '../../src/workers/test-support/redis-server.js';
import { spawnWorker } from '../../src/workers/test-support/worker-process.js';
import { loadBanking77 } from '../text/read-datasets.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '2' } } });
const rounds = Number(values.rounds);

const { train, test } = await loadBanking77();
const records: TextSample[] = [];
for (let copy = 0; copy < 8; copy++) {
  for (const [index, sentence] of [...train, ...test].entries()) records.push({ id: `b77-${copy}-${index}`, text: sentence.text, label: sentence.label, language: 'en' });
}
const steps = [{ augmenter: 'text/eda', outputsPerInput: 16, alpha: 0.1 }];
const shards = planShards({ task: 'augment/text', records, shardSize: 1000, seed: 5, options: { steps } });

/** CPU seconds (utime + stime) from a /proc stat file. */
async function cpuSeconds(path: string): Promise<number> {
  const stat = await readFile(path, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const redis = await startTestRedis();
const worker = spawnWorker(redis.url, 'worker-cpu', 60_000, ['--trace-gc']);
// --trace-gc lines go to the worker's stdout next to its JSON events (which the spawner reads).
let gcLog = '';
worker.child.stdout?.on('data', (chunk: Buffer) => {
  gcLog += chunk.toString();
});
const executor = createDistributedExecutor({ redisUrl: redis.url, queueName: 'worker-cpu' });
try {
  await worker.waitFor((event) => event.type === 'worker-ready');
  // One tiny shard first, so WordNet is loaded before the clock starts (as in speedup.ts).
  const warmStore = createShardStore(await mkdtemp(join(tmpdir(), 'sf-worker-cpu-')));
  await executor.execute(planShards({ task: 'augment/text', records: records.slice(0, 1), seed: 999, options: { steps } }), warmStore);
  await rm(warmStore.directory, { recursive: true, force: true });
  const pid = worker.child.pid!;
  for (let round = 1; round <= rounds; round++) {
    const store = createShardStore(await mkdtemp(join(tmpdir(), 'sf-worker-cpu-')));
    gcLog = '';
    const all = await cpuSeconds(`/proc/${pid}/stat`);
    const main = await cpuSeconds(`/proc/${pid}/task/${pid}/stat`);
    const started = performance.now();
    await executor.execute(shards, store);
    const wall = (performance.now() - started) / 1000;
    const allUsed = (await cpuSeconds(`/proc/${pid}/stat`)) - all;
    const mainUsed = (await cpuSeconds(`/proc/${pid}/task/${pid}/stat`)) - main;
    const lines = gcLog.split('\n');
    const count = (kind: string) => lines.filter((line) => line.includes(`: ${kind} `)).length;
    console.log(
      `round ${round}: worker CPU ${allUsed.toFixed(2)} s all threads, ${mainUsed.toFixed(2)} s main thread (${(allUsed / mainUsed).toFixed(3)} cores per main-thread core); ` +
        `${count('Scavenge')} scavenges, ${count('Mark-Compact')} mark-compacts; wall ${wall.toFixed(2)} s`,
    );
    await rm(store.directory, { recursive: true, force: true });
  }
} finally {
  await executor.close();
  worker.child.kill('SIGTERM');
  await worker.exited;
  await redis.stop();
}
