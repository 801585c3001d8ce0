import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load.js';
import { recommendationConfigSchema } from '../../config/schema.js';
import { createRng } from '../../internal/rng.js';
import type { LeaveOneOutData } from '../../models/recommender.js';
import { runTrainJob } from './train-seed.js';

function data(): LeaveOneOutData {
  const rng = createRng(5);
  const numItems = 30;
  const train = Array.from({ length: 50 }, () => Int32Array.from({ length: 3 + rng.int(5) }, () => 1 + Math.min(rng.int(numItems), rng.int(numItems))));
  return { numItems, train, validTarget: Int32Array.from({ length: 50 }, () => 1 + rng.int(numItems)), testTarget: Int32Array.from({ length: 50 }, () => 1 + rng.int(numItems)) };
}

function config(sampler: 'uniform' | 'popularity', extra: Record<string, unknown> = {}) {
  return parseConfig(recommendationConfigSchema, {
    name: 'negatives',
    task: 'recommendation',
    data: { synthetic: {} },
    augment: { steps: [{ augmenter: 'negatives', sampler, perTarget: 8 }] },
    train: { model: 'sasrec', hidden: 8, blocks: 1, heads: 1, maxLength: 8, epochs: 2, patience: 2, batchSize: 16, seeds: [1], ...extra },
    evaluate: { threads: 1 },
  });
}

describe('the negatives step', () => {
  it('changes SASRec training only in the variants that include it, the same way for the same seed', async () => {
    const run = (sampler: 'uniform' | 'popularity', steps: number[]) => runTrainJob({ config: config(sampler), data: data(), variant: { name: 'v', steps }, extra: [], seed: 1 });
    const baseline = await run('uniform', []);
    const uniform = await run('uniform', [0]);
    const popularity = await run('popularity', [0]);
    expect(uniform.curve[0].loss).not.toBe(baseline.curve[0].loss);
    expect(popularity.curve[0].loss).not.toBe(uniform.curve[0].loss);
    expect((await run('popularity', [0])).curve).toEqual(popularity.curve);
  });

  it('is refused with full softmax and with models that sample no negatives', async () => {
    const job = (extra: Record<string, unknown>) => ({ config: config('uniform', extra), data: data(), variant: { name: 'v', steps: [0] }, extra: [], seed: 1 });
    await expect(runTrainJob(job({ loss: 'ce' }))).rejects.toMatchObject({ code: 'E_CONFIG', message: expect.stringMatching(/train\.loss: bce/) });
    await expect(runTrainJob(job({ model: 'item-knn' }))).rejects.toMatchObject({ code: 'E_CONFIG', message: expect.stringMatching(/item-knn/) });
  });
});
