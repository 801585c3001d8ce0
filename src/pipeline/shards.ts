/**
 * Sharding: the unit of work that both runners share. A local run and a distributed run plan the
 * same shards with the same derived seeds, so they produce exactly the same samples.
 */
import { deriveSeed } from '../internal/rng.js';
import { sha256 } from '../internal/fingerprint.js';

/** One shard of a task: JSON input, a seed derived from the run seed and the shard index. */
export interface ShardSpec {
  /** Stable id: task, input fingerprint and index. Outputs are written under it, once. */
  shardId: string;
  task: string;
  index: number;
  count: number;
  seed: number;
  /** JSON-serialisable input of the task (records and options). */
  input: unknown;
}

export interface PlanShardsOptions<T> {
  task: string;
  records: readonly T[];
  /** Records per shard; defaults to 1,000. */
  shardSize?: number;
  seed: number;
  /** Options every shard of the task receives (e.g. the augmenter config). */
  options?: unknown;
}

/** Splits `records` into shards in order; the same inputs always give the same shard ids and seeds. */
export function planShards<T>(plan: PlanShardsOptions<T>): ShardSpec[] {
  const shardSize = plan.shardSize ?? 1000;
  if (!Number.isInteger(shardSize) || shardSize < 1) throw new RangeError(`planShards: shardSize must be a positive integer, got ${shardSize}`);
  const count = Math.max(1, Math.ceil(plan.records.length / shardSize));
  const fingerprint = sha256({ task: plan.task, seed: plan.seed, options: plan.options ?? null, records: plan.records }).slice(0, 12);
  const width = String(count - 1).length;
  return Array.from({ length: count }, (_, index) => ({
    shardId: `${plan.task.replaceAll('/', '-')}-${fingerprint}-${String(index).padStart(width, '0')}`,
    task: plan.task,
    index,
    count,
    seed: deriveSeed(plan.seed, plan.task, index),
    input: { options: plan.options ?? null, records: plan.records.slice(index * shardSize, (index + 1) * shardSize) },
  }));
}
