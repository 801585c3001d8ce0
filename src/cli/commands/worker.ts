/**
 * `sampleforge worker --redis URL [--llm-config CONFIG.yaml]`: process shard jobs from Redis until
 * SIGTERM or SIGINT. With `--llm-config`, shards of LLM steps run here too, with that config's
 * `llm` section and this machine's API keys, sharing cache, limits and budget through Redis.
 */
import { defineCommand } from 'citty';
import { BUILTIN_SHARD_TASKS } from '../../pipeline/builtin-tasks.js';
import { redactRedisUrl } from '../../workers/redis-connection.js';
import { DEFAULT_QUEUE_NAME } from '../../workers/shard-queue.js';
import { startWorker } from '../../workers/worker.js';
import { createWorkerLlm, readWorkerLlmConfig } from '../../workers/worker-llm.js';
import type { CliIo } from '../io.js';

export function workerCommand(io: CliIo) {
  return defineCommand({
    meta: { name: 'worker', description: 'Process augmentation shards from a Redis queue (run one per core, on any machine that sees the run directory at the same path)' },
    args: {
      redis: { type: 'string', description: 'Redis URL, e.g. redis://127.0.0.1:6379', required: true },
      queue: { type: 'string', description: 'queue name', default: DEFAULT_QUEUE_NAME },
      concurrency: { type: 'string', description: 'jobs at once in this process', default: '1' },
      'lock-ms': { type: 'string', description: 'job lock duration in ms (a job whose worker died is redone after it)', default: '30000' },
      'llm-config': { type: 'string', description: 'config file whose llm section runs LLM shards here (API keys from this environment); without it, LLM shards fail' },
      json: { type: 'boolean', description: 'one JSON event per line' },
    },
    async run({ args }) {
      const log = (event: Record<string, unknown>) => {
        if (args.json) io.stdout(`${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`);
        else io.stderr(`${new Date().toISOString()} ${event.type} ${event.shardId ?? ''} ${event.message ?? ''}\n`);
      };
      const llmConfigPath = args['llm-config'];
      const llm = llmConfigPath === undefined ? undefined : createWorkerLlm(await readWorkerLlmConfig(llmConfigPath), { redisUrl: args.redis });
      const running = await startWorker({
        redisUrl: args.redis,
        tasks: BUILTIN_SHARD_TASKS,
        context: llm?.context,
        queueName: args.queue,
        concurrency: Number(args.concurrency),
        lockDurationMs: Number(args['lock-ms']),
        onEvent: (event) => log(event),
      });
      log({ type: 'worker-ready', message: `queue ${args.queue} at ${redactRedisUrl(args.redis)}${llm === undefined ? '' : ', with an LLM'}` });
      // Graceful shutdown: stop taking jobs, finish the current one, then exit.
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          log({ type: 'worker-stopping', message: signal });
          void running.close().then(() => llm?.close()).then(resolve);
        };
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
      });
      log({ type: 'worker-stopped' });
    },
  });
}
