/**
 * The BullMQ queue that carries shards: its name, job options and the job's JSON shape. Records
 * never travel through Redis: a job carries its input and the shard folder, the worker writes the
 * output there, and the job returns only the shard's manifest (count, bytes, sha256).
 */
import type { JobsOptions } from 'bullmq';
import type { ShardManifest } from '../pipeline/shard-store.js';

/** Default queue name; one run at a time per queue name. */
export const DEFAULT_QUEUE_NAME = 'sampleforge-shards';

/** What a shard job carries in Redis; plain JSON. */
export interface ShardJobData {
  shardId: string;
  task: string;
  seed: number;
  input: unknown;
  /** Absolute path of the shard folder, the same on every machine (a shared filesystem). */
  storeDirectory: string;
}

/** What a finished shard job returns into Redis: the manifest of the output it wrote. */
export type ShardJobResult = ShardManifest;

/** Retries for a shard before it lands in the failed set. */
export const DEFAULT_ATTEMPTS = 3;

/** Job options: the shard id is the job id, so a shard enqueued twice exists once. */
export function shardJobOptions(shardId: string, attempts = DEFAULT_ATTEMPTS): JobsOptions {
  return {
    jobId: shardId,
    attempts,
    backoff: { type: 'exponential', delay: 500 },
    removeOnComplete: false,
    removeOnFail: false,
  };
}
