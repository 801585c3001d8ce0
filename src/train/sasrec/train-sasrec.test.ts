import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SampleForgeError } from '../../errors.js';
import { createRng } from '../../internal/rng.js';
import type { LeaveOneOutData } from '../../models/recommender.js';
import { rankingSummary } from './ranking-metrics.js';
import { trainSasrec, type TrainSasrecOptions } from './train-sasrec.js';

/** Users walk a fixed cycle of items from random starting points: the next item is always determined. */
function cycleData(users: number, numItems: number, length: number, seed: number): { data: LeaveOneOutData; testHistories: Int32Array[] } {
  const rng = createRng(seed);
  const train: Int32Array[] = [];
  const testHistories: Int32Array[] = [];
  const validTarget = new Int32Array(users);
  const testTarget = new Int32Array(users);
  for (let u = 0; u < users; u++) {
    const start = rng.int(numItems);
    const items = Int32Array.from({ length }, (_, j) => ((start + j) % numItems) + 1);
    train.push(items.slice(0, length - 2));
    testHistories.push(items.slice(0, length - 1));
    validTarget[u] = items[length - 2];
    testTarget[u] = items[length - 1];
  }
  return { data: { numItems, train, validTarget, testTarget }, testHistories };
}

const small: TrainSasrecOptions = { seed: 7, hidden: 16, blocks: 1, heads: 2, maxLength: 8, dropout: 0.1, attentionDropout: 0.1, batchSize: 16, lr: 5e-3, epochs: 12, patience: 100 };

describe('trainSasrec', () => {
  it('learns a deterministic item cycle (test NDCG@10 near 1) with BCE and with softmax CE', async () => {
    const { data, testHistories } = cycleData(64, 30, 10, 1);
    for (const loss of ['bce', 'ce'] as const) {
      const result = await trainSasrec(data, { ...small, loss });
      const h = result.model.dimensions.hidden;
      const test = rankingSummary((x) => result.model.encode(x), result.model.parameters.subarray(0, 31 * h), 30, h, testHistories, data.testTarget);
      expect(test.ndcg10, `${loss}`).toBeGreaterThan(0.9);
      expect(result.history[0].validNdcg10).toBeLessThan(result.bestValidNdcg10);
    }
  });

  it('gives the same trained scores for the same seed, different ones for another seed', async () => {
    const { data } = cycleData(40, 25, 9, 2);
    const options = { ...small, epochs: 3 };
    const scores = async (seed: number): Promise<Float32Array> => {
      const { model } = await trainSasrec(data, { ...options, seed });
      const out = new Float32Array(data.train.length * 26);
      model.scoreBatch(Int32Array.from(data.train.keys()), data.train, out);
      return out;
    };
    const first = await scores(3);
    expect(await scores(3)).toEqual(first);
    expect(await scores(4)).not.toEqual(first);
  });

  it('resumes from a checkpoint to the same result as an uninterrupted run', async () => {
    const { data } = cycleData(40, 25, 9, 3);
    const directory = await mkdtemp(join(tmpdir(), 'sasrec-checkpoint-'));
    try {
      const options = { ...small, epochs: 4, contrastive: { weight: 0.1, temperature: 1, augment: (items: Int32Array) => items.slice(Math.floor(items.length / 3)) } };
      const whole = await trainSasrec(data, options);
      const controller = new AbortController();
      await expect(
        trainSasrec(data, options, {
          checkpointDirectory: directory,
          signal: controller.signal,
          onEpoch: (record) => {
            if (record.epoch === 1) controller.abort();
          },
        }),
      ).rejects.toSatisfy((error) => SampleForgeError.is(error, 'E_CANCELLED'));
      const resumed = await trainSasrec(data, options, { checkpointDirectory: directory });
      expect(resumed.history.map((record) => record.loss)).toEqual(whole.history.map((record) => record.loss));
      expect(resumed.model.parameters).toEqual(whole.model.parameters);
      await expect(trainSasrec(data, { ...options, lr: 1e-2 }, { checkpointDirectory: directory })).rejects.toSatisfy((error) => SampleForgeError.is(error, 'E_RESUME'));
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
