import { describe, expect, it } from 'vitest';
import { createRng } from '../../internal/rng.js';
import type { Embeddings, LeaveOneOutData, Recommender } from '../../models/recommender.js';
import { evaluateRanking } from './evaluate-ranking.js';
import { rankAmongCandidates, rankTargets } from './rank-targets.js';
import { sampleEvaluationNegatives } from './sampled-negatives.js';

/** A model with fixed scores per item (same for every user): score(item) = table[item]. */
function fixedScores(table: number[]): Recommender {
  return {
    name: 'fixed',
    numItems: table.length - 1,
    scoreBatch(users, _histories, out) {
      for (let row = 0; row < users.length; row++) out.set(table, row * table.length);
    },
  };
}

/** A random dot-product model with both paths, so the kernel can be checked against scoreBatch. */
function randomEmbeddingModel(numUsers: number, numItems: number, dim: number, seed: number, quantise = false): Recommender {
  const rng = createRng(seed);
  // Quantised values make exact ties common, to check that both paths treat ties alike.
  const value = (): number => (quantise ? Math.round(rng.normal() * 2) / 2 : rng.normal());
  const users = Float32Array.from({ length: numUsers * dim }, value);
  const items = Float32Array.from({ length: (numItems + 1) * dim }, value);
  const embed = (rows: Int32Array): Embeddings => {
    const out = new Float32Array(rows.length * dim);
    rows.forEach((user, row) => out.set(users.subarray(user * dim, (user + 1) * dim), row * dim));
    return { dim, users: out, items };
  };
  return {
    name: 'random',
    numItems,
    embed,
    scoreBatch(rows, _histories, out) {
      rows.forEach((user, row) => {
        for (let item = 0; item <= numItems; item++) {
          let sum = Math.fround(users[user * dim] * items[item * dim]);
          for (let d = 1; d < dim; d++) sum = Math.fround(sum + Math.fround(users[user * dim + d] * items[item * dim + d]));
          out[row * (numItems + 1) + item] = sum;
        }
      });
    },
  };
}

describe('rankTargets', () => {
  it('counts strictly higher scores, skips masked items, and applies the tie rule', async () => {
    // scores of items 1..6: [.9, .5, .7, .5, .1, .5]; target 2 (score .5), mask {1}
    // strictly higher and unmasked: item 3 (.7) -> 1; ties: items 4 and 6 -> 2
    // half: 1 + 2/2 = 2; pessimistic: 1 + 2 = 3
    const model = fixedScores([0, 0.9, 0.5, 0.7, 0.5, 0.1, 0.5]);
    const request = { users: Int32Array.of(0), histories: [Int32Array.of(1)], targets: Int32Array.of(2), masks: [Int32Array.of(1)] };
    expect([...(await rankTargets(model, request))]).toEqual([2]);
    expect([...(await rankTargets(model, { ...request, ties: 'pessimistic' }))]).toEqual([3]);
    // the target is never masked, even when it is in the history
    expect([...(await rankTargets(model, { ...request, masks: [Int32Array.of(1, 2, 3)] }))]).toEqual([1]);
    // a NaN item never ranks above the target; a NaN target is an error
    expect([...(await rankTargets(fixedScores([0, Number.NaN, 0.5, 0.7]), { ...request, masks: [Int32Array.of()] }))]).toEqual([1]);
    await expect(rankTargets(fixedScores([0, 0.9, Number.NaN, 0.7]), request)).rejects.toThrow(/scored the target item 2 of row 0 as NaN/);
  });

  it.each([
    ['continuous scores', false],
    ['many exact ties', true],
  ])('gives the same ranks on the wasm kernel (1 and 2 threads) and on scoreBatch, %s', async (_label, quantise) => {
    const numUsers = 37;
    const numItems = 203;
    const model = randomEmbeddingModel(numUsers, numItems, 12, 5, quantise);
    const rng = createRng(9);
    const histories = Array.from({ length: numUsers }, () => Int32Array.from({ length: 1 + rng.int(6) }, () => 1 + rng.int(numItems)));
    const targets = Int32Array.from({ length: numUsers }, (_, user) => (user === 3 ? -1 : 1 + rng.int(numItems)));
    const request = { users: Int32Array.from(histories.keys()), histories, targets, masks: histories };
    const slow = await rankTargets(model, { ...request, useEmbeddings: false, batchSize: 8 });
    const fast1 = await rankTargets(model, { ...request, threads: 1 });
    const fast2 = await rankTargets(model, { ...request, threads: 2 });
    expect(slow[3]).toBeNaN();
    expect([...fast1]).toEqual([...slow]);
    expect([...fast2]).toEqual([...slow]);
  });
});

describe('sampled protocol', () => {
  it('ranks among the candidates only', () => {
    // scores [_, .9, .5, .7, .5, .1]; target 2 (.5) among candidates [1, 5, 4]: higher 1 (item 1), tie 1 (item 4) -> 1.5
    const model = fixedScores([0, 0.9, 0.5, 0.7, 0.5, 0.1]);
    const ranks = rankAmongCandidates(model, { users: Int32Array.of(0), histories: [Int32Array.of(3)], targets: Int32Array.of(2), candidates: [Int32Array.of(1, 5, 4)] });
    expect([...ranks]).toEqual([1.5]);
  });

  it('draws seeded negatives outside every known item', () => {
    const data: LeaveOneOutData = {
      numItems: 30,
      train: [Int32Array.of(1, 2, 3), Int32Array.of(4, 5)],
      validTarget: Int32Array.of(6, 7),
      testTarget: Int32Array.of(8, 9),
    };
    const first = sampleEvaluationNegatives(data, { negatives: 20, seed: 4 });
    const again = sampleEvaluationNegatives(data, { negatives: 20, seed: 4 });
    const popular = sampleEvaluationNegatives(data, { negatives: 2, sampler: 'popularity', seed: 4 });
    expect(first.map((row) => [...row])).toEqual(again.map((row) => [...row]));
    expect(new Set(first[0]).size).toBe(20);
    for (const item of first[0]) expect([1, 2, 3, 6, 8]).not.toContain(item);
    // only items 1..5 have training counts; user 0 knows 1, 2, 3 -> negatives are 4 and 5
    expect([...popular[0]].sort()).toEqual([4, 5]);
  });
});

describe('evaluateRanking', () => {
  it('evaluates test with train and validation masked, overall and per slice', async () => {
    // 3 users, scores fixed: items 1..6 = [.6, .5, .4, .3, .2, .1] for everyone
    // user 0: train [1], valid 2, test 3 -> masked {1, 2}; nothing unmasked above .4 -> rank 0
    // user 1: train [5, 6, 4, 4, 4, 4], valid 1, test 2 -> masked {5, 6, 4, 1}; the only item above .5 is item 1, masked -> rank 0
    // user 2: train [6], valid 5, test 4 -> masked {6, 5}; above .3: items 1, 2, 3 -> rank 3
    // ndcg@5 = (1 + 1 + 1/log2(5)) / 3; hr@1 not asked; hr@5 = 1
    const data: LeaveOneOutData = {
      numItems: 6,
      train: [Int32Array.of(1), Int32Array.of(5, 6, 4, 4, 4, 4), Int32Array.of(6)],
      validTarget: Int32Array.of(2, 1, 5),
      testTarget: Int32Array.of(3, 2, 4),
    };
    const result = await evaluateRanking(fixedScores([0, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1]), data, { split: 'test', ks: [5], slices: { shortHistoryMax: 1, longTailBelow: 2 } });
    expect([...result.ranks]).toEqual([0, 0, 3]);
    expect(result.metrics['ndcg@5']).toBeCloseTo((2 + 1 / Math.log2(5)) / 3, 12);
    expect(result.metrics['hr@5']).toBe(1);
    // short-history (<= 1 train item): users 0 and 2 -> ndcg@5 (1 + 1/log2 5)/2
    expect(result.slices['short-history'].users).toBe(2);
    expect(result.slices['short-history'].metrics['ndcg@5']).toBeCloseTo((1 + 1 / Math.log2(5)) / 2, 12);
    // training counts: item 3 -> 0, item 2 -> 0, item 4 -> 4; long tail (< 2): users 0 and 1
    expect(result.slices['long-tail'].users).toBe(2);
    expect(result.slices['head-items'].metrics.mrr).toBeCloseTo(0.25, 12);
    // validation: user 0 target 2, mask {1}: rank 0; user 1 target 1, nothing above: 0; user 2 target 5, above: 1..4 -> 4
    const valid = await evaluateRanking(fixedScores([0, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1]), data, { split: 'valid' });
    expect([...valid.ranks]).toEqual([0, 0, 4]);
  });
});
