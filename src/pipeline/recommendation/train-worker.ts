/**
 * Worker-thread entry of the recommendation `train` stage: receives one `TrainJob`, runs it, and
 * posts back the outcome or the error (code, message, details), then waits for the next job.
 */
import { parentPort } from 'node:worker_threads';
import { SampleForgeError } from '../../errors.js';
import { runTrainJob, type TrainJob } from './train-seed.js';

/** A worker's reply to one job. */
export type TrainWorkerReply =
  | { ok: true; outcome: Awaited<ReturnType<typeof runTrainJob>> }
  | { ok: false; error: { code: string; message: string; details?: Record<string, unknown>; stack?: string } };

const port = parentPort;
if (port !== null) {
  port.on('message', (job: TrainJob) => {
    runTrainJob(job).then(
      (outcome) => port.postMessage({ ok: true, outcome } satisfies TrainWorkerReply),
      (error: unknown) => {
        const reply: TrainWorkerReply = SampleForgeError.is(error)
          ? { ok: false, error: { code: error.code, message: error.message, details: error.details } }
          : { ok: false, error: { code: 'E_TRAIN', message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined } };
        port.postMessage(reply);
      },
    );
  });
}
