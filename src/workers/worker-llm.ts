/**
 * A worker's LLM stacks: one per run whose shards it takes, built from the `llm` section of the
 * config given with `sampleforge worker --llm-config`, with API keys from this process's own
 * environment (job data and Redis never hold a secret). The cache, the rate limits and the budget
 * always live in Redis, so they hold across the coordinator and every worker together; the run id
 * of the job scopes the budget, as the coordinator's does.
 *
 * The settings that decide answers and spending come with the job from the run's own config
 * (`maxOutputTokens`, `privacy`, `budget`), so a `--resume` with a raised cap needs no worker
 * restart; a worker whose provider serves another model than the run's refuses the job for good.
 */
import { readFile } from 'node:fs/promises';
import { UnrecoverableError } from 'bullmq';
import { llmConfigSchema, type LlmConfig } from '../config/llm.js';
import { parseConfig, parseYaml } from '../config/load.js';
import { SampleForgeError } from '../errors.js';
import { sha256 } from '../internal/fingerprint.js';
import { createLlmFromConfig, type CreateLlmOptions, type LlmStack } from '../llm/create-llm-from-config.js';
import type { ShardTaskContext } from '../pipeline/shard-tasks.js';

/** Reads the `llm` section of a config file (a whole SampleForge config, or one holding only `llm`). */
export async function readWorkerLlmConfig(path: string): Promise<LlmConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw new SampleForgeError('E_CONFIG', `cannot read --llm-config ${path}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, { details: { file: path }, cause });
  }
  const parsed = parseYaml(text, path) as { llm?: unknown } | null;
  if (parsed?.llm === undefined) throw new SampleForgeError('E_CONFIG', `--llm-config ${path} has no llm section`, { details: { file: path, path: 'llm' } });
  return parseConfig(llmConfigSchema, parsed.llm, `${path} (llm)`);
}

/** The LLM side of a worker: the context its shard tasks get, and the stacks to release. */
export interface WorkerLlm {
  readonly context: ShardTaskContext;
  /** Waits for pending ledger updates and releases every stack. */
  close(): Promise<void>;
}

/**
 * Stacks are opened on a run's first LLM shard and kept until the worker stops (a run's shards
 * come in bursts; one Redis connection per run is cheap).
 */
export function createWorkerLlm(config: LlmConfig, options: { redisUrl: string } & Pick<CreateLlmOptions, 'env' | 'fetch'>): WorkerLlm {
  const stacks = new Map<string, LlmStack>();
  return {
    context: {
      async llm(run) {
        const { model: expected, ...settings } = run.settings ?? { model: undefined };
        const key = `${run.runId}|${sha256(settings)}`;
        let stack = stacks.get(key);
        if (stack === undefined) {
          stack = createLlmFromConfig({ ...config, ...settings, shared: 'redis' }, { redisUrl: options.redisUrl, budgetScope: run.runId, env: options.env, fetch: options.fetch });
          stacks.set(key, stack);
        }
        const model = stack.gateway.model;
        const served = `${model.provider}/${model.modelId}`;
        if (expected !== undefined && served !== expected) {
          throw new UnrecoverableError(`this worker's --llm-config serves ${served}, but run ${run.runId} uses ${expected}; start the worker with the run's llm section`);
        }
        return model;
      },
    },
    async close() {
      const open = [...stacks.values()];
      stacks.clear();
      await Promise.all(open.map((stack) => stack.dispose()));
    },
  };
}

/** The context of a worker started without `--llm-config`: a job that needs an LLM fails at once, for good. */
export const NO_LLM_CONTEXT: ShardTaskContext = {
  llm() {
    // No retry on this worker can help; the job fails rather than bouncing between workers.
    return Promise.reject(new UnrecoverableError('this shard calls an LLM, but this worker was started without one: restart it with --llm-config CONFIG.yaml (the config whose llm section to use; API keys come from the worker\'s environment)'));
  },
};
