/**
 * The coordinator side of a distributed run: enqueues shards as BullMQ jobs (job id = shard id, so
 * nothing is enqueued twice), and collects finished shards without touching their records: a worker
 * writes the output into the shard folder and returns its manifest; the coordinator compares that
 * report with the manifest in the folder (a few hundred bytes per shard). It re-adds shards whose
 * jobs vanished (a Redis restart without persistence), counts a shard whose output is in the folder
 * as done even when its job was lost, and stops with a clear error listing the shards that failed
 * after their retries, instead of hanging.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { SampleForgeError } from '../errors.js';
import { redisOptionsFromUrl } from '../internal/redis-url.js';
import type { ShardManifest, ShardStore } from '../pipeline/shard-store.js';
import { estimateEta, type ShardExecutor, type ShardProgress } from '../pipeline/shard-tasks.js';
import type { ShardSpec } from '../pipeline/shards.js';
import { redactRedisUrl, redisConnection } from './redis-connection.js';
import { DEFAULT_ATTEMPTS, DEFAULT_QUEUE_NAME, shardJobOptions, type ShardJobData, type ShardJobResult } from './shard-queue.js';

export interface DistributedExecutorOptions {
  redisUrl: string;
  queueName?: string;
  /** Attempts per shard before it counts as failed; default 3. */
  attempts?: number;
  /** How often finished jobs are collected, in ms; default 100. */
  pollMs?: number;
  /** How often pending shards are checked for lost jobs and for outputs already in the folder, in ms; default 2,000. */
  reconcileMs?: number;
  /**
   * How long a shard reported done may stay invisible in the shard folder before it counts as
   * failed, in ms; default 10,000 (a shared filesystem may show a new file late).
   */
  confirmGraceMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const PAGE = 500;

function parseReport(value: string | null): ShardJobResult | undefined {
  if (value === null) return undefined;
  try {
    const report = JSON.parse(value) as Partial<ShardJobResult> | null;
    return typeof report?.sha256 === 'string' && typeof report.file === 'string' && Number.isInteger(report.count) && Number.isInteger(report.bytes) ? (report as ShardJobResult) : undefined;
  } catch {
    return undefined;
  }
}

/** An executor that runs shards on `sampleforge worker` processes through Redis. */
export function createDistributedExecutor(options: DistributedExecutorOptions): ShardExecutor & { close(): Promise<void> } {
  const connection = redisConnection(options.redisUrl);
  const queue = new Queue<ShardJobData, ShardJobResult>(options.queueName ?? DEFAULT_QUEUE_NAME, { connection });
  queue.on('error', () => {});
  // A plain connection for the small reads BullMQ has no call for: one field of a job hash (its
  // return value, not its input) and whether a job still exists.
  const redis = new Redis(redisOptionsFromUrl(options.redisUrl));
  redis.on('error', () => {});
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  const pollMs = options.pollMs ?? 100;
  const reconcileMs = options.reconcileMs ?? 2000;
  const confirmGraceMs = options.confirmGraceMs ?? 10_000;

  const enqueue = async (shards: readonly ShardSpec[], store: ShardStore) => {
    for (let start = 0; start < shards.length; start += PAGE) {
      await queue.addBulk(shards.slice(start, start + PAGE).map((shard) => ({
        name: shard.task,
        data: { shardId: shard.shardId, task: shard.task, seed: shard.seed, input: shard.input, storeDirectory: store.directory },
        opts: shardJobOptions(shard.shardId, attempts),
      })));
    }
  };

  /** The reports (return values) of finished jobs, read without their input. */
  const readReports = async (ids: readonly string[]): Promise<(ShardJobResult | undefined)[]> => {
    const pipeline = redis.pipeline();
    for (const id of ids) pipeline.hget(queue.toKey(id), 'returnvalue');
    const results = (await pipeline.exec()) ?? [];
    return ids.map((_, index) => {
      const [error, value] = results[index] ?? [];
      return error ? undefined : parseReport((value as string | null | undefined) ?? null);
    });
  };

  return {
    async execute(shards, store: ShardStore, runOptions = {}) {
      const started = performance.now();
      const pending = new Map(shards.filter((shard) => !store.has(shard.shardId)).map((shard) => [shard.shardId, shard]));
      const failures = new Map<string, string>();
      // Shards reported done whose output this process cannot see yet, with the time first seen.
      const unseen = new Map<string, number>();
      let records = 0;
      const report = () => {
        const done = shards.length - pending.size - failures.size;
        const progress: ShardProgress = { done, total: shards.length, records, failed: failures.size, etaSeconds: estimateEta(done, shards.length, (performance.now() - started) / 1000) };
        runOptions.onProgress?.(progress);
      };
      /** Takes a finished shard off the pending list once the folder confirms it. */
      const collect = async (shardId: string, confirm: () => Promise<ShardManifest | undefined>) => {
        try {
          const manifest = await confirm();
          if (manifest === undefined) return;
          records += manifest.count;
        } catch (error) {
          if (SampleForgeError.is(error, 'E_IO')) {
            const since = unseen.get(shardId) ?? performance.now();
            unseen.set(shardId, since);
            if (performance.now() - since < confirmGraceMs) return;
          }
          failures.set(shardId, SampleForgeError.is(error) ? `${error.code}: ${error.message}` : (error as Error).message);
        }
        unseen.delete(shardId);
        pending.delete(shardId);
      };

      // A shard that failed in an earlier run keeps its failed job (and id) in Redis; drop it so
      // that this run tries the shard again instead of counting the old failure.
      const failedBefore = await queue.getRanges(['failed'], 0, -1, true);
      for (const shardId of failedBefore) if (pending.has(shardId)) await queue.remove(shardId).catch(() => {});
      await enqueue([...pending.values()], store);
      report();
      let lastReconcile = performance.now();
      while (pending.size > 0) {
        if (runOptions.signal?.aborted) {
          throw new SampleForgeError('E_CANCELLED', `cancelled with ${pending.size} shard(s) pending; their jobs stay queued, rerun with --resume to collect them`);
        }
        const before = pending.size;
        const finished = await queue.getRanges(['completed'], 0, -1, true);
        const fresh = finished.filter((id) => pending.has(id));
        const reports = fresh.length > 0 ? await readReports(fresh) : [];
        for (const [index, shardId] of fresh.entries()) {
          const reported = reports[index];
          await collect(shardId, async () => {
            if (reported === undefined) throw new SampleForgeError('E_QUEUE', `the job of shard ${shardId} finished without a shard manifest; the worker is older than this coordinator, upgrade it`);
            return store.confirm(reported);
          });
        }
        // Collected (now or by an earlier coordinator): the folder holds it, Redis need not.
        for (const shardId of finished) {
          if (!pending.has(shardId) && (store.has(shardId) || failures.has(shardId))) await queue.remove(shardId).catch(() => {});
        }
        // Ids first: only this run's failures are fetched whole (for their reason).
        for (const shardId of await queue.getRanges(['failed'], 0, -1, true)) {
          if (!pending.has(shardId)) continue;
          const job = await queue.getJob(shardId);
          failures.set(shardId, `after ${job?.attemptsMade ?? attempts} attempt(s): ${job?.failedReason ?? 'unknown error'}`);
          pending.delete(shardId);
        }
        if (pending.size > 0 && performance.now() - lastReconcile > reconcileMs) {
          lastReconcile = performance.now();
          // A worker may have written a shard whose job Redis then lost: the folder is the truth.
          for (const shardId of [...pending.keys()]) {
            if (store.has(shardId)) await collect(shardId, () => store.readManifest(shardId));
          }
          const waiting = [...pending.values()];
          const exists = waiting.length > 0 ? ((await redis.pipeline(waiting.map((shard) => ['exists', queue.toKey(shard.shardId)])).exec()) ?? []) : [];
          const lost = waiting.filter((_, index) => exists[index]?.[1] === 0);
          if (lost.length > 0) await enqueue(lost, store);
        }
        report();
        if (pending.size === before && pending.size > 0) await sleep(pollMs);
      }
      if (failures.size > 0) {
        const listed = [...failures].slice(0, 5).map(([id, reason]) => `${id}: ${reason}`).join('; ');
        throw new SampleForgeError('E_QUEUE', `${failures.size} shard(s) failed (${listed}${failures.size > 5 ? '; ...' : ''}); the other ${shards.length - failures.size} are saved — fix the cause and rerun with --resume`, {
          details: { failed: Object.fromEntries(failures) },
        });
      }
      // Failed jobs of this run stay in Redis for inspection until the next successful run removes them.
    },
    async close() {
      await queue.close();
      redis.disconnect();
    },
  };
}

/** Counts of jobs by state, for `sampleforge queue status`. */
export async function readQueueStatus(redisUrl: string, queueName = DEFAULT_QUEUE_NAME): Promise<Record<string, number>> {
  // A status look should fail fast on a wrong URL rather than wait for a Redis that may never come.
  const queue = new Queue(queueName, { connection: { ...redisConnection(redisUrl), maxRetriesPerRequest: 1, connectTimeout: 3000, retryStrategy: (times: number) => (times > 3 ? null : 200) } });
  queue.on('error', () => {});
  try {
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized', 'waiting-children');
    const workers = await queue.getWorkersCount();
    return { ...counts, workers };
  } catch (cause) {
    throw new SampleForgeError('E_QUEUE', `cannot read queue ${queueName} at ${redactRedisUrl(redisUrl)}: ${(cause as Error).message}`, { cause });
  } finally {
    await queue.close();
  }
}
