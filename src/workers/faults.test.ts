import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../internal/rng.js';
import { BUILTIN_SHARD_TASKS } from '../pipeline/builtin-tasks.js';
import { createLocalExecutor } from '../pipeline/local-executor.js';
import { createShardStore, type ShardStore } from '../pipeline/shard-store.js';
import { planShards, type ShardSpec } from '../pipeline/shards.js';
import { createDistributedExecutor } from './distributed-executor.js';
import { fingerprintFile, sha256 } from '../internal/fingerprint.js';
import { startTestRedis, type TestRedis } from './test-support/redis-server.js';
import { spawnWorker, type WorkerProcess } from './test-support/worker-process.js';

// Real augmentation (CL4SRec crop, mask, reorder) in real worker processes on a real Redis.
function plan(seed: number): ShardSpec[] {
  const rng = createRng(seed);
  const records = Array.from({ length: 8_000 }, (_, user) => ({
    userId: `u${user}`,
    items: Array.from({ length: 5 + rng.int(30) }, () => `i${rng.int(2000)}`),
  }));
  return planShards({
    task: 'augment/sequence',
    records,
    shardSize: 1000,
    seed,
    options: { numItems: 2000, steps: [{ augmenter: 'crop' }, { augmenter: 'mask' }, { augmenter: 'reorder' }] },
  });
}

// Digests, not deep equality: a mismatch of 24,000 records would make the test runner build a diff for minutes.
const digest = (records: readonly unknown[]) => ({ count: records.length, sha256: sha256(records) });

interface LocalRun {
  records: unknown[];
  /** The merged JSONL file of the local run: count, bytes and sha256 of its bytes. */
  file: { count: number; bytes: number; sha256: string };
}

async function localRun(shards: ShardSpec[]): Promise<LocalRun> {
  const store = createShardStore(await mkdtemp(join(tmpdir(), 'sf-fault-local-')));
  await createLocalExecutor(BUILTIN_SHARD_TASKS).execute(shards, store);
  const merged = await store.mergeToFile(shards, join(store.directory, 'merged.jsonl'));
  return { records: (await store.merge(shards)).records, file: { count: merged.count, bytes: merged.bytes, sha256: (await fingerprintFile(merged.path)).sha256 } };
}

/** Checks a distributed store against the local run: every sample once, and the merged file byte for byte. */
async function expectSameAsLocal(store: ShardStore, shards: ShardSpec[], expected: LocalRun): Promise<void> {
  expect(digest((await store.merge(shards)).records)).toEqual(digest(expected.records));
  const merged = await store.mergeToFile(shards, join(store.directory, 'merged.jsonl'));
  expect({ count: merged.count, bytes: merged.bytes, sha256: (await fingerprintFile(merged.path)).sha256 }).toEqual(expected.file);
}

let redis: TestRedis;
const workers: WorkerProcess[] = [];
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  for (const worker of workers) worker.child.kill('SIGKILL');
  await redis?.stop();
});

describe('faults survived by distributed augmentation', () => {
  it('redoes the shard of a worker killed with SIGKILL mid-shard; all samples present exactly once', async () => {
    const shards = plan(21);
    const expected = await localRun(shards);
    const queueName = 'fault-kill';
    const victim = spawnWorker(redis.url, queueName);
    const survivor = spawnWorker(redis.url, queueName);
    workers.push(victim, survivor);
    await Promise.all([victim.waitFor((e) => e.type === 'worker-ready'), survivor.waitFor((e) => e.type === 'worker-ready')]);
    const executor = createDistributedExecutor({ redisUrl: redis.url, queueName, pollMs: 50, reconcileMs: 1000 });
    const store = createShardStore(await mkdtemp(join(tmpdir(), 'sf-fault-kill-')));
    try {
      const running = executor.execute(shards, store);
      const started = await victim.waitFor((e) => e.type === 'shard-start');
      victim.child.kill('SIGKILL');
      await running;
      // The shard the victim held was redone by the survivor once the lock expired.
      expect(survivor.events.some((e) => e.type === 'shard-end' && e.shardId === started.shardId)).toBe(true);
    } finally {
      await executor.close();
      survivor.child.kill('SIGTERM');
      await survivor.exited;
    }
    await expectSameAsLocal(store, shards, expected);
  });

  it('finishes when Redis restarts mid-run and loses every job', async () => {
    const shards = plan(22);
    const expected = await localRun(shards);
    const queueName = 'fault-redis';
    const pair = [spawnWorker(redis.url, queueName), spawnWorker(redis.url, queueName)];
    workers.push(...pair);
    await Promise.all(pair.map((worker) => worker.waitFor((e) => e.type === 'worker-ready')));
    const executor = createDistributedExecutor({ redisUrl: redis.url, queueName, pollMs: 50, reconcileMs: 500 });
    const store = createShardStore(await mkdtemp(join(tmpdir(), 'sf-fault-redis-')));
    let endedBefore: string[] = [];
    try {
      const running = executor.execute(shards, store);
      await pair[0].waitFor((e) => e.type === 'shard-end');
      endedBefore = pair.flatMap((worker) => worker.events.filter((e) => e.type === 'shard-end').map((e) => e.shardId ?? ''));
      await redis.restart();
      await running;
    } finally {
      await executor.close();
      for (const worker of pair) worker.child.kill('SIGTERM');
      await Promise.all(pair.map((worker) => worker.exited));
    }
    await expectSameAsLocal(store, shards, expected);
    // Shards written before Redis lost their jobs are taken from the folder, not redone.
    const starts = pair.flatMap((worker) => worker.events.filter((e) => e.type === 'shard-start').map((e) => e.shardId));
    for (const shardId of endedBefore) expect(starts.filter((id) => id === shardId)).toHaveLength(1);
  });

  it('finishes the current shard on SIGTERM, then exits cleanly', async () => {
    const shards = plan(23).slice(0, 3);
    const queueName = 'fault-term';
    const worker = spawnWorker(redis.url, queueName);
    workers.push(worker);
    await worker.waitFor((e) => e.type === 'worker-ready');
    const executor = createDistributedExecutor({ redisUrl: redis.url, queueName, pollMs: 50 });
    const store = createShardStore(await mkdtemp(join(tmpdir(), 'sf-fault-term-')));
    const running = executor.execute(shards, store);
    const started = await worker.waitFor((e) => e.type === 'shard-start');
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(worker.events.some((e) => e.type === 'shard-end' && e.shardId === started.shardId)).toBe(true);
    // The rest is finished by a new worker; nothing is lost.
    const next = spawnWorker(redis.url, queueName);
    workers.push(next);
    try {
      await running;
    } finally {
      await executor.close();
      next.child.kill('SIGTERM');
      await next.exited;
    }
    expect((await store.merge(shards)).manifests.map((manifest) => manifest.shardId)).toEqual(shards.map((shard) => shard.shardId));
  });
});
