/**
 * The coordinator side of a distributed run: enqueues shards as BullMQ jobs (job id = shard id, so
 * nothing is enqueued twice), collects finished shards into the shard store exactly once, re-adds
 * shards whose jobs vanished (a Redis restart without persistence), and stops with a clear error
 * listing the shards that failed after their retries, instead of hanging.
 */
import { Queue, type Job } from 'bullmq';
import { SampleForgeError } from '../errors.js';
import type { ShardStore } from '../pipeline/shard-store.js';
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
  /** How often pending shards are checked for lost jobs, in ms; default 2,000. */
  reconcileMs?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const PAGE = 500;

/** An executor that runs shards on `sampleforge worker` processes through Redis. */
export function createDistributedExecutor(options: DistributedExecutorOptions): ShardExecutor & { close(): Promise<void> } {
  const queue = new Queue<ShardJobData, ShardJobResult>(options.queueName ?? DEFAULT_QUEUE_NAME, { connection: redisConnection(options.redisUrl) });
  queue.on('error', () => {});
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  const pollMs = options.pollMs ?? 100;
  const reconcileMs = options.reconcileMs ?? 2000;

  const enqueue = async (shards: readonly ShardSpec[]) => {
    for (let start = 0; start < shards.length; start += PAGE) {
      await queue.addBulk(shards.slice(start, start + PAGE).map((shard) => ({
        name: shard.task,
        data: { shardId: shard.shardId, task: shard.task, seed: shard.seed, input: shard.input },
        opts: shardJobOptions(shard.shardId, attempts),
      })));
    }
  };

  return {
    async execute(shards, store: ShardStore, runOptions = {}) {
      const started = performance.now();
      const pending = new Map(shards.filter((shard) => !store.has(shard.shardId)).map((shard) => [shard.shardId, shard]));
      const failures = new Map<string, string>();
      let records = 0;
      const report = () => {
        const done = shards.length - pending.size - failures.size;
        const progress: ShardProgress = { done, total: shards.length, records, failed: failures.size, etaSeconds: estimateEta(done, shards.length, (performance.now() - started) / 1000) };
        runOptions.onProgress?.(progress);
      };
      await enqueue([...pending.values()]);
      report();
      let lastReconcile = performance.now();
      while (pending.size > 0) {
        if (runOptions.signal?.aborted) {
          throw new SampleForgeError('E_CANCELLED', `cancelled with ${pending.size} shard(s) pending; their jobs stay queued, rerun with --resume to collect them`);
        }
        const finished: Job<ShardJobData, ShardJobResult>[] = await queue.getJobs(['completed'], 0, PAGE - 1, true);
        for (const job of finished) {
          const shardId = job.id ?? '';
          if (pending.has(shardId)) {
            const output = job.returnvalue?.records ?? [];
            await store.write(shardId, output);
            records += output.length;
            pending.delete(shardId);
          }
          // Collected (now or by an earlier coordinator): the store holds it, Redis need not.
          if (store.has(shardId)) await job.remove().catch(() => {});
        }
        const failed: Job<ShardJobData, ShardJobResult>[] = await queue.getJobs(['failed'], 0, PAGE - 1, true);
        for (const job of failed) {
          const shardId = job.id ?? '';
          if (pending.has(shardId)) {
            failures.set(shardId, job.failedReason ?? 'unknown error');
            pending.delete(shardId);
          }
        }
        if (performance.now() - lastReconcile > reconcileMs) {
          lastReconcile = performance.now();
          const lost: ShardSpec[] = [];
          for (const shard of pending.values()) {
            const job = await queue.getJob(shard.shardId);
            if (!job) lost.push(shard);
          }
          if (lost.length > 0) await enqueue(lost);
        }
        report();
        if (finished.length === 0 && pending.size > 0) await sleep(pollMs);
      }
      if (failures.size > 0) {
        const listed = [...failures].slice(0, 5).map(([id, reason]) => `${id}: ${reason}`).join('; ');
        throw new SampleForgeError('E_QUEUE', `${failures.size} shard(s) failed after ${attempts} attempts (${listed}${failures.size > 5 ? '; ...' : ''}); the other ${shards.length - failures.size} are saved — fix the cause and rerun with --resume`, {
          details: { failed: Object.fromEntries(failures) },
        });
      }
      // Failed jobs of this run stay in Redis for inspection until the next successful run removes them.
    },
    close: () => queue.close(),
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
