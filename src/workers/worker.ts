/**
 * A shard worker: takes shard jobs from Redis, runs the same stage functions as the local runner,
 * writes each output into the job's shard folder and returns only its manifest. Start it on any
 * machine with `sampleforge worker --redis URL`; the shard folder must be visible there at the same
 * path (a shared filesystem).
 *
 * A task runs on the worker's event loop, so keep shards short next to `lockDurationMs` (BullMQ
 * renews the job lock from that loop; a shard that blocks longer is taken for stalled and redone,
 * which is safe — outputs are idempotent — but wasteful).
 */
import { isAbsolute } from 'node:path';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { SampleForgeError } from '../errors.js';
import { createShardStore } from '../pipeline/shard-store.js';
import { runShardTask, type ShardTaskContext, type ShardTaskRegistry } from '../pipeline/shard-tasks.js';
import { redisConnection } from './redis-connection.js';
import { NO_LLM_CONTEXT } from './worker-llm.js';
import { DEFAULT_QUEUE_NAME, type ShardJobData, type ShardJobResult } from './shard-queue.js';

export interface StartWorkerOptions {
  redisUrl: string;
  tasks: ShardTaskRegistry;
  /** What tasks get besides their input (the worker's LLM stacks, `createWorkerLlm`); default: no LLM. */
  context?: ShardTaskContext;
  queueName?: string;
  /** Jobs processed at once by this process; 1 suits CPU-bound shards. */
  concurrency?: number;
  /** How long a job lock lasts without renewal before the job counts as stalled, in ms; default 30,000. */
  lockDurationMs?: number;
  /** How often stalled jobs are looked for, in ms; default half the lock duration. */
  stalledIntervalMs?: number;
  onEvent?: (event: { type: 'shard-start' | 'shard-end' | 'shard-fail'; shardId: string; message?: string; count?: number }) => void;
}

export interface RunningWorker {
  /** Stops taking jobs, lets the current one finish, and disconnects. */
  close(): Promise<void>;
  readonly worker: Worker<ShardJobData, ShardJobResult>;
}

/** Starts a worker that processes shard jobs until closed. */
export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const lockDuration = options.lockDurationMs ?? 30_000;
  const processor = async (job: Job<ShardJobData, ShardJobResult>): Promise<ShardJobResult> => {
    const task = options.tasks[job.data.task];
    if (!task) {
      // No retry can help: this worker does not know the task.
      throw new UnrecoverableError(`no shard task named "${job.data.task}" in this worker (tasks: ${Object.keys(options.tasks).join(', ')}); upgrade the worker`);
    }
    if (typeof job.data.storeDirectory !== 'string' || !isAbsolute(job.data.storeDirectory)) {
      throw new UnrecoverableError(`shard ${job.data.shardId} names no absolute shard folder (got ${JSON.stringify(job.data.storeDirectory)}); the coordinator is older than this worker, upgrade it`);
    }
    options.onEvent?.({ type: 'shard-start', shardId: job.data.shardId });
    try {
      const records = await runShardTask(task, job.data.input, job.data.seed, undefined, options.context ?? NO_LLM_CONTEXT);
      const { manifest } = await createShardStore(job.data.storeDirectory).write(job.data.shardId, records);
      options.onEvent?.({ type: 'shard-end', shardId: job.data.shardId, count: manifest.count });
      return manifest;
    } catch (error) {
      const message = SampleForgeError.is(error) ? `${error.code}: ${error.message}` : (error as Error).message;
      options.onEvent?.({ type: 'shard-fail', shardId: job.data.shardId, message });
      // A spent budget stays spent: retrying would only fail again.
      if (SampleForgeError.is(error, 'E_BUDGET')) throw new UnrecoverableError(message);
      throw error instanceof Error ? error : new Error(String(error));
    }
  };
  const worker = new Worker<ShardJobData, ShardJobResult>(options.queueName ?? DEFAULT_QUEUE_NAME, processor, {
    connection: redisConnection(options.redisUrl),
    concurrency: options.concurrency ?? 1,
    lockDuration,
    stalledInterval: options.stalledIntervalMs ?? Math.max(1000, Math.floor(lockDuration / 2)),
    maxStalledCount: 3,
    autorun: true,
  });
  // Connection errors are retried by ioredis; without a listener Node would treat them as fatal.
  worker.on('error', () => {});
  await worker.waitUntilReady();
  return {
    worker,
    close: () => worker.close(),
  };
}
