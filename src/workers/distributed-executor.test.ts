import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../internal/rng.js';
import { createLocalExecutor } from '../pipeline/local-executor.js';
import { createShardStore } from '../pipeline/shard-store.js';
import type { ShardTaskRegistry } from '../pipeline/shard-tasks.js';
import { planShards } from '../pipeline/shards.js';
import { SampleForgeError } from '../errors.js';
import { createDistributedExecutor, readQueueStatus } from './distributed-executor.js';
import { startTestRedis, type TestRedis } from './test-support/redis-server.js';
import { startWorker } from './worker.js';

// A seeded task with the shape of an augmenter: each input record gives two outputs drawn from the shard's rng.
const tasks: ShardTaskRegistry = {
  'test/jitter': {
    name: 'test/jitter',
    async run(input, seed) {
      const { records } = input as { records: number[] };
      if (records.includes(-1)) throw new Error('poisoned record -1');
      const rng = createRng(seed);
      return records.flatMap((value) => [{ parent: value, value: value + rng.float() }, { parent: value, value: value - rng.float() }]);
    },
  },
};

let redis: TestRedis;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  await redis?.stop();
});

describe('distributed executor on a real Redis', () => {
  it('produces exactly the records of the local runner, once each, even when shards are enqueued twice', async () => {
    const records = Array.from({ length: 230 }, (_, i) => i);
    const shards = planShards({ task: 'test/jitter', records, shardSize: 25, seed: 11 });
    const localStore = createShardStore(await mkdtemp(join(tmpdir(), 'sf-local-')));
    await createLocalExecutor(tasks).execute(shards, localStore);
    const expected = (await localStore.merge(shards)).records;

    const queueName = 'test-equal';
    const workers = await Promise.all([1, 2].map(() => startWorker({ redisUrl: redis.url, tasks, queueName })));
    const executor = createDistributedExecutor({ redisUrl: redis.url, queueName, pollMs: 20 });
    const store = createShardStore(await mkdtemp(join(tmpdir(), 'sf-dist-')));
    const progress: number[] = [];
    try {
      // The first coordinator stops right after enqueueing (a coordinator restart); its queued jobs
      // stay, and the second coordinator enqueues the same shard ids again: each must exist once.
      const stop = new AbortController();
      await expect(executor.execute(shards, store, { signal: stop.signal, onProgress: () => stop.abort() }))
        .rejects.toSatisfy((error: unknown) => SampleForgeError.is(error, 'E_CANCELLED'));
      await executor.execute(shards, store, { onProgress: (p) => progress.push(p.done) });
      // A further pass over the same plan is a no-op: nothing is redone or duplicated.
      await executor.execute(shards, store);
    } finally {
      await executor.close();
      await Promise.all(workers.map((worker) => worker.close()));
    }
    const merged = await store.merge(shards);
    expect(merged.records).toEqual(expected);
    expect(merged.records).toHaveLength(460);
    expect(progress.at(-1)).toBe(shards.length);
    const status = await readQueueStatus(redis.url, queueName);
    expect(status.completed).toBe(0);
  });

  it('reports a poisoned shard after bounded retries instead of hanging, and keeps the others', async () => {
    const records = [1, 2, 3, -1, 5, 6];
    const shards = planShards({ task: 'test/jitter', records, shardSize: 2, seed: 3 });
    const queueName = 'test-poison';
    const worker = await startWorker({ redisUrl: redis.url, tasks, queueName });
    const executor = createDistributedExecutor({ redisUrl: redis.url, queueName, pollMs: 20, attempts: 2 });
    const store = createShardStore(await mkdtemp(join(tmpdir(), 'sf-poison-')));
    try {
      await expect(executor.execute(shards, store)).rejects.toSatisfy((error: unknown) =>
        SampleForgeError.is(error, 'E_QUEUE') && /1 shard\(s\) failed after 2 attempts/.test((error as Error).message) && /poisoned record -1/.test((error as Error).message));
    } finally {
      await executor.close();
      await worker.close();
    }
    expect(store.has(shards[0].shardId)).toBe(true);
    expect(store.has(shards[1].shardId)).toBe(false);
    expect(store.has(shards[2].shardId)).toBe(true);
    expect((await readQueueStatus(redis.url, queueName)).failed).toBe(1);
  });
});
