/**
 * The work a shard can do, by name. Workers on other machines look tasks up here, so a task is
 * code that every SampleForge process has, and its input and output are plain JSON.
 */
import type { LlmConfig } from '../config/llm.js';
import type { LanguageModel } from '../llm/spec.js';
import { createJsonLinesEncoder } from './encode-json-lines.js';
import type { EncodedRecords } from './shard-store.js';
import type { ShardSpec } from './shards.js';

/**
 * What the process running a shard offers its task besides the JSON input: resources that cannot
 * travel in job data (an LLM stack holds API keys and connections). The coordinator's local runner
 * offers its own; a worker offers the stack it built from `--llm-config`.
 */
export interface ShardTaskContext {
  /**
   * The model (behind the cache, budget, limits and privacy) of the run `run.runId`, whose budget
   * that run id scopes. Absent in a process that has no LLM stack.
   */
  llm?(run: LlmRunSpec): Promise<LanguageModel>;
}

/**
 * The run an LLM shard belongs to, as job data carries it: its id, and the run's own settings that
 * decide answers and spending. None is secret; the provider connection and its keys are the
 * worker's (`--llm-config` and its environment).
 */
export interface LlmRunSpec {
  runId: string;
  settings?: {
    /** `provider/modelId` of the run's model; a worker with another model refuses the shard. */
    model: string;
    maxOutputTokens: number;
    privacy: LlmConfig['privacy'];
    budget: LlmConfig['budget'];
  };
}

/** A stage function over one shard: JSON records in, JSON records out, randomness from `seed` only. */
export interface ShardTask {
  readonly name: string;
  run(input: unknown, seed: number, signal?: AbortSignal, context?: ShardTaskContext): Promise<unknown[]>;
  /**
   * Optional: the records `run` returns, the same and in the same order, handed to `emit` a batch at
   * a time as they are made. Runners prefer it: each batch is encoded and dropped at once, so a
   * shard's records never all live together (they would survive young-generation collections and
   * be copied by each).
   */
  stream?(input: unknown, seed: number, emit: (records: readonly unknown[]) => void, signal?: AbortSignal, context?: ShardTaskContext): Promise<void>;
}

/** Runs `task` on one shard and returns its output as JSONL (`encodeJsonLines` of what `run` returns). */
export async function runShardTask(task: ShardTask, input: unknown, seed: number, signal?: AbortSignal, context?: ShardTaskContext): Promise<EncodedRecords> {
  if (task.stream === undefined) {
    const records = await task.run(input, seed, signal, context);
    const encoder = createJsonLinesEncoder(records.length);
    encoder.write(records);
    return { count: encoder.count, data: encoder.finish() };
  }
  const encoder = createJsonLinesEncoder();
  await task.stream(input, seed, (records) => encoder.write(records), signal, context);
  return { count: encoder.count, data: encoder.finish() };
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
    /**
     * `context` is what shards run in this process get (the coordinator's LLM stack); a runner
     * whose shards run elsewhere ignores it, as each worker offers its own.
     */
    options?: { signal?: AbortSignal; onProgress?: (progress: ShardProgress) => void; context?: ShardTaskContext },
  ): Promise<void>;
}

/** ETA from the shards done so far and the seconds they took. */
export function estimateEta(done: number, total: number, elapsedSeconds: number): number | undefined {
  if (done === 0) return undefined;
  return ((total - done) * elapsedSeconds) / done;
}
