import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load.js';
import { recommendationConfigSchema } from '../../config/schema.js';
import { createRng } from '../../internal/rng.js';
import type { LeaveOneOutData } from '../../models/recommender.js';
import { runTrainJob } from './train-seed.js';

function data(): LeaveOneOutData {
  const rng = createRng(8);
  const numItems = 30;
  const train = Array.from({ length: 40 }, () => Int32Array.from({ length: 4 + rng.int(5) }, () => 1 + rng.int(numItems)));
  return { numItems, train, validTarget: Int32Array.from({ length: 40 }, () => 1 + rng.int(numItems)), testTarget: Int32Array.from({ length: 40 }, () => 1 + rng.int(numItems)) };
}

function config(step: Record<string, unknown>) {
  return parseConfig(recommendationConfigSchema, {
    name: 'mask-views',
    task: 'recommendation',
    data: { synthetic: {} },
    augment: { steps: [step] },
    train: { model: 'sasrec', hidden: 8, blocks: 1, heads: 1, maxLength: 8, epochs: 2, patience: 2, batchSize: 16, seeds: [1], contrastive: { weight: 0.1, temperature: 1 } },
    evaluate: { threads: 1 },
  });
}

describe('contrastive mask views', () => {
  it('train SASRec with a learned mask token, the same way for the same seed', async () => {
    const run = (step: Record<string, unknown>) => runTrainJob({ config: config(step), data: data(), variant: { name: 'augmented', steps: [0] }, extra: [], seed: 1 });
    const mask = await run({ augmenter: 'mask', mode: 'contrastive', rate: 0.5 });
    expect(mask.curve).toHaveLength(2);
    expect(Number.isFinite(mask.curve[1].loss)).toBe(true);
    expect((await run({ augmenter: 'mask', mode: 'contrastive', rate: 0.5 })).curve).toEqual(mask.curve);
    const random = await run({ augmenter: 'random', mode: 'contrastive' });
    expect(random.curve).not.toEqual(mask.curve);
  });

  it('refuse a custom mask id, which SASRec would read as an item', async () => {
    const job = { config: config({ augmenter: 'mask', mode: 'contrastive', maskToken: 5 }), data: data(), variant: { name: 'augmented', steps: [0] }, extra: [], seed: 1 };
    await expect(runTrainJob(job)).rejects.toMatchObject({ code: 'E_CONFIG', message: expect.stringMatching(/default mask token/) });
  });
});
