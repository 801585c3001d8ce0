/**
 * Scaling: the same CPU-bound augmentation with one worker process, then with two, through one
 * Redis; the coordinator runs here. Bar (issue 7): two workers at least 1.7 times faster than one.
 * Both runs must give byte-identical merged output (checked), equal to a local run.
 *
 *   npm run build && npx vite-node bench/distributed/speedup.ts [sequences=160000]
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '../../src/internal/rng.js';
import { createShardStore } from '../../src/pipeline/shard-store.js';
import { planShards } from '../../src/pipeline/shards.js';
import { createDistributedExecutor } from '../../src/workers/distributed-executor.js';
import { startTestRedis } from '../../src/workers/test-support/redis-server.js';
import { spawnWorker } from '../../src/workers/test-support/worker-process.js';
import { sha256 } from '../../src/internal/fingerprint.js';

const count = Number(process.argv[2] ?? 160_000);
const rng = createRng(5);
const records = Array.from({ length: count }, (_, user) => ({
  userId: `u${user}`,
  items: Array.from({ length: 5 + rng.int(45) }, () => `i${rng.int(12_000)}`),
}));
const shards = planShards({
  task: 'augment/sequence',
  records,
  shardSize: 2000,
  seed: 5,
  options: { numItems: 12_000, steps: [{ augmenter: 'crop', count: 2 }, { augmenter: 'mask', count: 2 }, { augmenter: 'reorder', count: 2 }] },
});

const redis = await startTestRedis();
try {
  const timings: number[] = [];
  const digests: string[] = [];
  for (const workersCount of [1, 2]) {
    const queueName = `speedup-${workersCount}`;
    const workers = Array.from({ length: workersCount }, () => spawnWorker(redis.url, queueName, 60_000));
    await Promise.all(workers.map((worker) => worker.waitFor((event) => event.type === 'worker-ready')));
    const store = createShardStore(await mkdtemp(join(tmpdir(), `sf-speedup-${workersCount}-`)));
    const executor = createDistributedExecutor({ redisUrl: redis.url, queueName, pollMs: 50 });
    const started = performance.now();
    await executor.execute(shards, store);
    timings.push((performance.now() - started) / 1000);
    await executor.close();
    for (const worker of workers) worker.child.kill('SIGTERM');
    await Promise.all(workers.map((worker) => worker.exited));
    const merged = await store.merge(shards);
    digests.push(sha256(merged.manifests.map((manifest) => manifest.sha256).join()));
    console.log(`${workersCount} worker(s): ${timings.at(-1)!.toFixed(2)} s for ${count} sequences in ${shards.length} shards -> ${merged.records.length} augmented`);
  }
  console.log(`speedup, 2 workers vs 1 (baseline, same run): ${(timings[0] / timings[1]).toFixed(2)}x  (bar: >= 1.7x)`);
  console.log(`identical outputs: ${digests[0] === digests[1]}`);
} finally {
  await redis.stop();
}
