import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load.js';
import { recommendationConfigSchema } from '../../config/schema.js';
import { createRng } from '../../internal/rng.js';
import type { LeaveOneOutData } from '../../models/recommender.js';
import type { TrainJob } from './train-seed.js';
import { trainCheckpoints } from './train-checkpoints.js';
import { runTrainJobs } from './train-pool.js';

// The compiled worker: `npm test` builds dist/ first, as the worker fault tests need it too.
const WORKER = resolve(import.meta.dirname, '../../../dist/pipeline/recommendation/train-worker.js');

function tinyData(): LeaveOneOutData {
  const rng = createRng(11);
  const numItems = 40;
  const users = 60;
  const train = Array.from({ length: users }, () => Int32Array.from({ length: 3 + rng.int(6) }, () => 1 + rng.int(numItems)));
  return { numItems, train, validTarget: Int32Array.from({ length: users }, () => 1 + rng.int(numItems)), testTarget: Int32Array.from({ length: users }, () => 1 + rng.int(numItems)) };
}

function jobs(): TrainJob[] {
  const config = parseConfig(recommendationConfigSchema, {
    name: 'pool',
    task: 'recommendation',
    data: { synthetic: {} },
    train: { model: 'sasrec', hidden: 8, blocks: 1, heads: 1, maxLength: 8, epochs: 2, patience: 2, batchSize: 16, seeds: [1, 2, 3] },
    evaluate: { threads: 1 },
  });
  const data = tinyData();
  return [1, 2, 3].map((seed) => ({ config, data, variant: { name: 'baseline', steps: [] }, extra: [], seed }));
}

const withoutTime = (outcomes: Awaited<ReturnType<typeof runTrainJobs>>) =>
  outcomes.map((outcome) => ({ ...outcome, seconds: 0, valid: { ...outcome.valid, seconds: 0 }, test: { ...outcome.test, seconds: 0 } }));

describe('runTrainJobs', () => {
  it('gives the same outcomes, in job order, on two worker threads as in this thread', async () => {
    expect(existsSync(WORKER), `${WORKER} is missing; run npm run build (npm test does)`).toBe(true);
    const done: number[] = [];
    const inline = await runTrainJobs(jobs(), 1);
    const threaded = await runTrainJobs(jobs(), 2, { workerFile: WORKER, onDone: (index) => done.push(index) });
    expect(withoutTime(threaded)).toEqual(withoutTime(inline));
    expect(done.sort()).toEqual([0, 1, 2]);
    expect(inline[0].test.metrics['ndcg@10']).not.toEqual(inline[1].test.metrics['ndcg@10']);
  });

  it('reports a job that fails in a worker with its code, variant and seed', async () => {
    const broken = jobs().map((job) => ({ ...job, data: { ...job.data, train: job.data.train.map(() => new Int32Array(1)) } }));
    await expect(runTrainJobs(broken, 2, { workerFile: WORKER })).rejects.toMatchObject({ code: 'E_DATA', details: { variant: 'baseline' } });
  });

  it('keeps SASRec epoch checkpoints in the job\'s folder, and a training resumed from them ends as an uninterrupted one', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'sf-epoch-checkpoints-'));
    try {
      const [job] = jobs();
      const plain = await runTrainJobs([job], 1);
      const checkpointed = await runTrainJobs([{ ...job, epochCheckpoints: join(folder, 'job-0-epochs') }], 1);
      expect((await readdir(join(folder, 'job-0-epochs'))).sort()).toEqual(['epoch-000002', 'latest.json']);
      expect(withoutTime(checkpointed)).toEqual(withoutTime(plain));
      // A second attempt finds the last epoch done and trains nothing more: the same outcome.
      const resumed = await runTrainJobs([{ ...job, epochCheckpoints: join(folder, 'job-0-epochs') }], 1);
      expect(withoutTime(resumed)).toEqual(withoutTime(plain));
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('saves each finished job and, on the next attempt, trains only the jobs that had not finished', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'sf-train-checkpoints-'));
    try {
      const first = await runTrainJobs(jobs(), 1, { checkpoints: trainCheckpoints(folder, jobs()) });
      expect((await readdir(folder)).sort()).toEqual(['job-0.json', 'job-1.json', 'job-2.json']);
      // An attempt killed after job 0: only its checkpoint is left.
      await rm(join(folder, 'job-1.json'));
      await rm(join(folder, 'job-2.json'));
      const trained: number[] = [];
      const again = await runTrainJobs(
        jobs().map((job, index) => (index === 0 ? { ...job, data: { ...job.data, train: [] } } : job)), // job 0 would fail if it were trained again
        1,
        { checkpoints: trainCheckpoints(folder, jobs()), onDone: (index) => trained.push(index) },
      );
      expect(trained).toEqual([0, 1, 2]);
      // The saved outcome round-trips exactly; the retrained ones match.
      expect(again[0]).toEqual(first[0]);
      expect(withoutTime(again)).toEqual(withoutTime(first));
      // NaN ranks (users without a target) survive JSON.
      const store = trainCheckpoints(folder, jobs());
      const withNaN = { ...first[1], test: { ...first[1].test, ranks: Float64Array.from([Number.NaN, 3, 0]) } };
      await store.save(1, withNaN);
      expect(await store.load(1)).toEqual(withNaN);
      // A checkpoint of another job (other seed) at the same index is not used.
      const other = jobs().map((job) => ({ ...job, seed: job.seed + 10 }));
      expect(await trainCheckpoints(folder, other).load(0)).toBeUndefined();
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    const running = runTrainJobs(jobs(), 2, { workerFile: WORKER, signal: controller.signal });
    controller.abort();
    await expect(running).rejects.toMatchObject({ code: 'E_CANCELLED' });
  });
});
