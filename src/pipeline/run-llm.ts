/**
 * The LLM stack of one run, as a stage that calls a model uses it: built once from the `llm`
 * section with `createLlmFromConfig`, its budget scoped to the run, and closed when the stage
 * ends, whether it completed or failed.
 *
 * The budget holds for the run as a whole: what an attempt paid is written to the run directory's
 * `llm-usage.json` when the stage ends, and a `--resume` starts its ledger from there (a budget
 * shared through Redis keeps its totals under the run id instead). Answers already paid for come
 * from the cache and cost nothing, so a resumed run pays only for what it had not got yet. A
 * process killed outright does not write the file; its answers are still in the cache.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LlmConfig } from '../config/llm.js';
import { SampleForgeError } from '../errors.js';
import { writeJsonAtomic } from '../internal/atomic-write.js';
import { createLlmFromConfig, type CreateLlmOptions } from '../llm/create-llm-from-config.js';
import type { LanguageModel } from '../llm/spec.js';
import type { UsageTotals } from '../llm/usage-ledger.js';
import { LLM_USAGE_FILE } from './run-files.js';

/** The run a stage belongs to. */
export interface RunInfo {
  /** Stays the same across `--resume`; names a budget shared through Redis. */
  runId: string;
  /** The run directory. */
  runDir: string;
}

/** Contents of `llm-usage.json`. */
export interface LlmUsageFile {
  /** Usage of every attempt of the run so far (cache hits included, never billed). */
  totals: UsageTotals;
}

/** The run's LLM stack as a stage sees it. */
export interface RunLlm {
  /** The gateway-wrapped model (cache, budget, limits, privacy) to give augmenters. */
  readonly model: LanguageModel;
  /** Whether the cache, budget and limits live in Redis (shared with the run's workers). */
  readonly shared: boolean;
  /** Usage of the whole run so far, earlier attempts included. */
  readTotals(): Promise<UsageTotals>;
  /** Cancels calls still in flight, waits for them, records the run's usage and releases the stack; returns the usage. */
  close(): Promise<UsageTotals>;
}

async function readSpent(runDir: string): Promise<UsageTotals | undefined> {
  const path = join(runDir, LLM_USAGE_FILE);
  if (!existsSync(path)) return undefined;
  try {
    return (JSON.parse(await readFile(path, 'utf8')) as LlmUsageFile).totals;
  } catch (cause) {
    throw new SampleForgeError('E_RESUME', `cannot read ${path}, the LLM usage of earlier attempts of this run: ${(cause as Error).message}; delete it to count the budget afresh`, { details: { file: path }, cause });
  }
}

/** Opens the run's LLM stack; call `close()` in `finally`. */
export async function openRunLlm(config: LlmConfig, run: RunInfo, options: Pick<CreateLlmOptions, 'redisUrl' | 'fetch' | 'env'> = {}): Promise<RunLlm> {
  const spent = await readSpent(run.runDir);
  const stack = createLlmFromConfig(config, { ...options, budgetScope: run.runId, spent });
  const inner = stack.gateway.model;
  // Every call goes through here, so a failing stage can stop the rest before the cache closes.
  const stop = new AbortController();
  const pending = new Set<Promise<unknown>>();
  const model: LanguageModel = {
    provider: inner.provider,
    modelId: inner.modelId,
    supportsStructuredOutput: inner.supportsStructuredOutput,
    doGenerate(request) {
      const signal = request.signal === undefined ? stop.signal : AbortSignal.any([request.signal, stop.signal]);
      const call = inner.doGenerate({ ...request, signal });
      pending.add(call);
      const forget = (): void => {
        pending.delete(call);
      };
      call.then(forget, forget);
      return call;
    },
  };
  let closed: Promise<UsageTotals> | undefined;
  return {
    model,
    shared: stack.shared,
    readTotals: () => stack.readTotals(),
    close() {
      closed ??= (async () => {
        stop.abort(new SampleForgeError('E_CANCELLED', 'the stage using the LLM ended'));
        while (pending.size > 0) await Promise.allSettled([...pending]);
        try {
          const totals = await stack.readTotals();
          const { requests, cacheHits, tokensIn, tokensOut, costUsd, failedAttempts } = totals;
          const usage: UsageTotals = { requests, cacheHits, tokensIn, tokensOut, costUsd, failedAttempts };
          await writeJsonAtomic(join(run.runDir, LLM_USAGE_FILE), { totals: usage } satisfies LlmUsageFile);
          return usage;
        } finally {
          await stack.dispose();
        }
      })();
      return closed;
    },
  };
}

/**
 * The error a run ends with when the LLM budget stops it: the ledger's reason, where it stopped,
 * and how to continue (the run directory and the cache keep everything paid for).
 */
export function budgetStopError(error: SampleForgeError, where: string, run: RunInfo): SampleForgeError {
  return new SampleForgeError('E_BUDGET', `${where}: ${error.message}. ${run.runDir} keeps the completed stages: raise the cap under llm.budget `
    + 'and continue with "sampleforge run CONFIG --resume"; cached answers are free, and the cap counts what earlier attempts of this run paid', {
    details: { ...error.details, where, runDir: run.runDir },
    cause: error,
  });
}
