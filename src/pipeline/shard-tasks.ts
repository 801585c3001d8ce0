/**
 * The work a shard can do, by name. Workers on other machines look tasks up here, so a task is
 * code that every SampleForge process has, and its input and output are plain JSON.
 */
import type { ShardSpec } from './shards.js';

/** A stage function over one shard: JSON records in, JSON records out, randomness from `seed` only. */
export interface ShardTask {
  readonly name: string;
  run(input: unknown, seed: number, signal?: AbortSignal): Promise<unknown[]>;
}

export type ShardTaskRegistry = Readonly<Record<string, ShardTask>>;

/** Progress of a sharded task, for the coordinator's display and `queue status`. */
export interface ShardProgress {
  done: number;
  total: number;
  records: number;
  failed: number;
  /** Seconds until done at the current rate; undefined until a shard has finished. */
  etaSeconds?: number;
}

/** Runs planned shards and writes each output to the store; the local and the distributed runner. */
export interface ShardExecutor {
  execute(
    shards: readonly ShardSpec[],
    store: import('./shard-store.js').ShardStore,
    options?: { signal?: AbortSignal; onProgress?: (progress: ShardProgress) => void },
  ): Promise<void>;
}

/** ETA from the shards done so far and the seconds they took. */
export function estimateEta(done: number, total: number, elapsedSeconds: number): number | undefined {
  if (done === 0) return undefined;
  return ((total - done) * elapsedSeconds) / done;
}
