/**
 * The embedded runner: shards run in this process, one after another, skipping shards whose output
 * already exists (so `--resume` continues where a crash stopped).
 */
import { SampleForgeError } from '../errors.js';
import type { ShardStore } from './shard-store.js';
import { estimateEta, runShardTask, type ShardExecutor, type ShardTaskRegistry } from './shard-tasks.js';
import type { ShardSpec } from './shards.js';

/** An executor that runs every shard in-process with the tasks of `registry`. */
export function createLocalExecutor(registry: ShardTaskRegistry): ShardExecutor {
  return {
    async execute(shards: readonly ShardSpec[], store: ShardStore, options = {}) {
      const started = performance.now();
      let done = 0;
      let records = 0;
      for (const shard of shards) {
        if (options.signal?.aborted) throw new SampleForgeError('E_CANCELLED', `cancelled after ${done} of ${shards.length} shards; rerun with --resume to continue`);
        if (!store.has(shard.shardId)) {
          const task = registry[shard.task];
          if (!task) throw new SampleForgeError('E_CONFIG', `no shard task named "${shard.task}" (tasks: ${Object.keys(registry).join(', ')})`);
          const output = await runShardTask(task, shard.input, shard.seed, options.signal, options.context);
          records += (await store.write(shard.shardId, output)).manifest.count;
        }
        done++;
        options.onProgress?.({ done, total: shards.length, records, failed: 0, etaSeconds: estimateEta(done, shards.length, (performance.now() - started) / 1000) });
      }
    },
  };
}
