import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, QueueEvents, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../internal/rng.js';
import { BUILTIN_SHARD_TASKS } from '../pipeline/builtin-tasks.js';
import { createLocalExecutor } from '../pipeline/local-executor.js';
import { createShardStore } from '../pipeline/shard-store.js';
import type { ShardTaskRegistry } from '../pipeline/shard-tasks.js';
import { planShards } from '../pipeline/shards.js';
import { SampleForgeError } from '../errors.js';
import { createDistributedExecutor, readQueueStatus } from './distributed-executor.js';
import { redisConnection } from './redis-connection.js';
import type { ShardJobData, ShardJobResult } from './shard-queue.js';
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
    // The merged files are byte-identical, and the folder holds one data file and one manifest per shard.
    const localFile = await localStore.mergeToFile(shards, join(localStore.directory, 'merged.jsonl'));
    const distributedFile = await store.mergeToFile(shards, join(store.directory, 'merged.jsonl'));
    expect(await readFile(distributedFile.path)).toEqual(await readFile(localFile.path));
    expect({ count: distributedFile.count, digest: distributedFile.digest }).toEqual({ count: 460, digest: localFile.digest });
    expect((await readdir(store.directory)).sort()).toEqual([...shards.flatMap((shard) => [`${shard.shardId}.json`, `${shard.shardId}.jsonl`]), 'merged.jsonl'].sort());
  });

  it('gives the bytes of a local run for text EDA shards run by two workers', async () => {
    const words = ['card', 'account', 'transfer', 'payment', 'refund', 'balance', 'money', 'fee', 'limit', 'phone'];
    const rng = createRng(12);
    const texts = Array.from({ length: 120 }, (_, i) => ({ id: `t${i}`, text: `why is my ${rng.pick(words)} ${rng.pick(words)} still pending after the ${rng.pick(words)} arrived`, label: `l${i % 7}`, language: 'en' }));
    const shards = planShards({ task: 'augment/text', records: texts, shardSize: 16, seed: 8, options: { steps: [{ augmenter: 'text/eda', outputsPerInput: 6 }] } });
    const localStore = createShardStore(await mkdtemp(join(tmpdir(), 'sf-text-local-')));
    await createLocalExecutor(BUILTIN_SHARD_TASKS).execute(shards, localStore);
    const queueName = 'test-text';
    const workers = await Promise.all([1, 2].map(() => startWorker({ redisUrl: redis.url, tasks: BUILTIN_SHARD_TASKS, queueName })));
    const executor = createDistributedExecutor({ redisUrl: redis.url, queueName, pollMs: 20 });
    const store = createShardStore(await mkdtemp(join(tmpdir(), 'sf-text-dist-')));
    try {
      await executor.execute(shards, store);
    } finally {
      await executor.close();
      await Promise.all(workers.map((worker) => worker.close()));
    }
    const local = await localStore.mergeToFile(shards, join(localStore.directory, 'merged.jsonl'));
    const distributed = await store.mergeToFile(shards, join(store.directory, 'merged.jsonl'));
    expect({ count: distributed.count, bytes: distributed.bytes, digest: distributed.digest }).toEqual({ count: 720, bytes: local.bytes, digest: local.digest });
    expect(await readFile(distributed.path)).toEqual(await readFile(local.path));
  });

  it('has the worker write the output into the shard folder and return only its manifest through Redis', async () => {
    const queueName = 'test-manifest';
    const [shard] = planShards({ task: 'test/jitter', records: [1, 2, 3], seed: 5 });
    const directory = await mkdtemp(join(tmpdir(), 'sf-manifest-'));
    const worker = await startWorker({ redisUrl: redis.url, tasks, queueName });
    const queue = new Queue<ShardJobData, ShardJobResult>(queueName, { connection: redisConnection(redis.url) });
    const events = new QueueEvents(queueName, { connection: redisConnection(redis.url) });
    try {
      await events.waitUntilReady();
      const job = await queue.add(shard.task, { shardId: shard.shardId, task: shard.task, seed: shard.seed, input: shard.input, storeDirectory: directory });
      const result = await job.waitUntilFinished(events, 30_000);
      const store = createShardStore(directory);
      expect(result).toEqual(await store.readManifest(shard.shardId));
      expect(Object.keys(result).sort()).toEqual(['bytes', 'count', 'file', 'sha256', 'shardId']);
      expect(result.count).toBe(6);
      expect((await store.merge([shard])).records).toHaveLength(6);
    } finally {
      await events.close();
      await queue.close();
      await worker.close();
    }
  });

  it('fails a shard reported done whose output the coordinator cannot see (no shared folder), naming the cause', async () => {
    const queueName = 'test-unshared';
    const shards = planShards({ task: 'test/jitter', records: [1, 2, 3, 4], shardSize: 2, seed: 9 });
    // A worker on "another machine": it reports a manifest, but writes into a folder the coordinator does not read.
    const elsewhere = createShardStore(await mkdtemp(join(tmpdir(), 'sf-elsewhere-')));
    const worker = new Worker<ShardJobData, ShardJobResult>(queueName, async (job) => {
      const records = await tasks[job.data.task].run(job.data.input, job.data.seed);
      return (await elsewhere.write(job.data.shardId, records)).manifest;
    }, { connection: redisConnection(redis.url) });
    worker.on('error', () => {});
    const executor = createDistributedExecutor({ redisUrl: redis.url, queueName, pollMs: 20, confirmGraceMs: 200 });
    const store = createShardStore(await mkdtemp(join(tmpdir(), 'sf-unshared-')));
    try {
      await expect(executor.execute(shards, store)).rejects.toSatisfy((error: unknown) =>
        SampleForgeError.is(error, 'E_QUEUE') && /2 shard\(s\) failed/.test((error as Error).message) && /shared filesystem/.test((error as Error).message));
    } finally {
      await executor.close();
      await worker.close();
    }
  });

  it('reports a poisoned shard after bounded retries instead of hanging, and keeps the others', async () => {
    const records = [1, 2, 3, -1, 5, 6];
    const shards = planShards({ task: 'test/jitter', records, shardSize: 2, seed: 3 });
    const queueName = 'test-poison';
    const starts: string[] = [];
    const worker = await startWorker({ redisUrl: redis.url, tasks, queueName, onEvent: (event) => event.type === 'shard-start' && starts.push(event.shardId) });
    const executor = createDistributedExecutor({ redisUrl: redis.url, queueName, pollMs: 20, attempts: 2 });
    const store = createShardStore(await mkdtemp(join(tmpdir(), 'sf-poison-')));
    const poisoned = (error: unknown) =>
      SampleForgeError.is(error, 'E_QUEUE') && /1 shard\(s\) failed/.test((error as Error).message) && /after 2 attempt\(s\): poisoned record -1/.test((error as Error).message);
    try {
      await expect(executor.execute(shards, store)).rejects.toSatisfy(poisoned);
      expect(starts.filter((id) => id === shards[1].shardId)).toHaveLength(2);
      // A rerun tries the failed shard again rather than reading the old failure back.
      await expect(executor.execute(shards, store)).rejects.toSatisfy(poisoned);
      expect(starts.filter((id) => id === shards[1].shardId)).toHaveLength(4);
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
