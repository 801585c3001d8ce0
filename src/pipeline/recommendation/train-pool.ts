/**
 * Runs the `train` stage's jobs `threads` at a time, each in a worker thread of its own (SASRec's
 * kernels use one core; two trainings on two cores take about the time of one). Outcomes come
 * back in job order and do not depend on `threads`: a job's randomness comes only from its seed.
 *
 * Running from TypeScript sources (tests), the compiled worker does not exist and jobs run one
 * after another in this thread, with the same outcomes.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { SampleForgeError, type ErrorCode } from '../../errors.js';
import { runTrainJob, type SeedOutcome, type TrainJob } from './train-seed.js';
import type { TrainCheckpoints } from './train-checkpoints.js';
import type { TrainWorkerReply } from './train-worker.js';

/** Options of {@link runTrainJobs}. */
export interface TrainPoolOptions {
  signal?: AbortSignal;
  /** Called after each finished job. */
  onDone?: (index: number) => void;
  /** Worker script; default the compiled `train-worker.js` beside this module. */
  workerFile?: string;
  /** Finished jobs of an earlier attempt are read from here instead of trained again; each new one is saved. */
  checkpoints?: TrainCheckpoints;
}

/** The compiled worker beside this module, when it exists. */
export function defaultTrainWorkerFile(): string | undefined {
  const file = fileURLToPath(new URL('./train-worker.js', import.meta.url));
  return existsSync(file) ? file : undefined;
}

function runOnWorker(worker: Worker, job: TrainJob): Promise<SeedOutcome> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (reply: TrainWorkerReply) => {
      cleanup();
      if (reply.ok) resolve(reply.outcome);
      else reject(new SampleForgeError(reply.error.code as ErrorCode, reply.error.message, { details: { ...reply.error.details, seed: job.seed, variant: job.variant.name } }));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(new SampleForgeError('E_TRAIN', `training worker failed on ${job.variant.name}, seed ${job.seed}: ${error.message}`, { details: { seed: job.seed, variant: job.variant.name } }));
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new SampleForgeError('E_TRAIN', `training worker exited with code ${code} during ${job.variant.name}, seed ${job.seed}`, { details: { seed: job.seed, variant: job.variant.name, code } }));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(job);
  });
}

/** Runs every job; returns the outcomes in job order. */
export async function runTrainJobs(jobs: readonly TrainJob[], threads: number, options: TrainPoolOptions = {}): Promise<SeedOutcome[]> {
  const outcomes: SeedOutcome[] = new Array(jobs.length);
  const pending: number[] = [];
  for (let index = 0; index < jobs.length; index++) {
    const saved = await options.checkpoints?.load(index);
    if (saved === undefined) pending.push(index);
    else {
      outcomes[index] = saved;
      options.onDone?.(index);
    }
  }
  const finish = async (index: number, outcome: SeedOutcome) => {
    outcomes[index] = outcome;
    await options.checkpoints?.save(index, outcome);
    options.onDone?.(index);
  };
  const workerFile = options.workerFile ?? defaultTrainWorkerFile();
  if (threads <= 1 || pending.length <= 1 || workerFile === undefined) {
    for (const index of pending) await finish(index, await runTrainJob(jobs[index], options.signal));
    return outcomes;
  }
  const workers = Array.from({ length: Math.min(threads, pending.length) }, () => new Worker(workerFile));
  let next = 0;
  const aborted = new Promise<never>((_, reject) => {
    const onAbort = () => reject(new SampleForgeError('E_CANCELLED', 'training cancelled'));
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => {});
  try {
    await Promise.race([
      aborted,
      Promise.all(
        workers.map(async (worker) => {
          while (next < pending.length) {
            const index = pending[next++];
            await finish(index, await runOnWorker(worker, jobs[index]));
          }
        }),
      ),
    ]);
    return outcomes;
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
